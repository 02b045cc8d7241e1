package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class IdSetsTests {

    @TempDir
    Path dir;

    @Test
    void aListIsWrittenOnceAndReadByItsKeyAndOldListsAreDeleted() {
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS)) {
            JdbcClient jdbc = JdbcClient.create(store.dataSource());
            IdSets sets = new IdSets(store.dataSource());
            Map<String, Long> members = new LinkedHashMap<>(Map.of("user_id:u1", 7L, "anonymous_id:a1", 7L, "user_id:u2", 9L));
            long key = sets.key(members);
            assertThat(sets.key(new LinkedHashMap<>(members))).as("the same content, the same key: written once").isEqualTo(key);
            assertThat(jdbc.sql("SELECT count(*) FROM id_sets").query(Long.class).single()).isEqualTo(3);
            assertThat(jdbc.sql("SELECT item, number FROM id_sets WHERE set_key = ? ORDER BY item").param(key)
                    .query((row, i) -> row.getString(1) + "=" + row.getLong(2)).list())
                    .containsExactly("anonymous_id:a1=7", "user_id:u1=7", "user_id:u2=9");
            long items = sets.key(Set.of("user_id:u1", "user_id:u2"));
            assertThat(items).isNotEqualTo(key);
            assertThat(jdbc.sql("SELECT count(*) FROM id_sets WHERE set_key = ? AND number IS NULL").param(items).query(Long.class).single()).isEqualTo(2);

            for (int i = 0; i < IdSets.KEPT; i++) {
                sets.key(List.of("other-" + i));
            }
            assertThat(jdbc.sql("SELECT count(DISTINCT set_key) FROM id_sets").query(Long.class).single()).isEqualTo(IdSets.KEPT);
            assertThat(jdbc.sql("SELECT count(*) FROM id_sets WHERE set_key = ?").param(key).query(Long.class).single())
                    .as("the least recently used list is deleted").isZero();
            assertThat(sets.key(members)).as("asked again: written again under a new key").isNotEqualTo(key);

            new IdSets(store.dataSource());
            assertThat(jdbc.sql("SELECT count(*) FROM id_sets").query(Long.class).single()).as("a cache: emptied at start").isZero();
        }
    }
}
