package io.percept.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.access.persistence.UserRecords;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The queued audit on a real embedded store: written in the background, read back in full, nothing lost at close. */
class AccessAuditTests {

    @TempDir
    Path dir;

    @Test
    void queuedEntriesFromManyThreadsAreAllWrittenByTheTimeItCloses() throws Exception {
        int threads = 8;
        int each = 500;
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS)) {
            JdbcClient jdbc = JdbcClient.create(store.dataSource());
            AccessAudit audit = new AccessAudit(new UserRecords(jdbc), Clock.systemUTC());
            audit.start();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        audit.recordLater("user-" + thread, "api.POST", "/api/segments/{name} name=s" + i, "200");
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            audit.close();
            assertThat(jdbc.sql("SELECT count(*) FROM access_audit WHERE action = 'api.POST'").query(Long.class).single())
                    .isEqualTo((long) threads * each);
            assertThat(jdbc.sql("SELECT count(DISTINCT target) FROM access_audit WHERE actor = 'user-3'").query(Long.class).single())
                    .isEqualTo(each);
        }
    }

    @Test
    void aReadSeesWhatIsStillQueuedAndFiltersByUserAndAction() {
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS)) {
            AccessAudit audit = new AccessAudit(new UserRecords(JdbcClient.create(store.dataSource())), Clock.systemUTC());
            audit.recordLater("alice", "api.DELETE", "/api/segments/{name} name=vip", "204");
            audit.recordLater("bob", "pii.viewed", "profile:7", "/api/profiles/{id}");
            audit.recordLater("alice", "profile.exported", "profile:7", "/api/profiles/{id}/export");
            audit.record("alice", "login", null, "from 127.0.0.1");
            assertThat(audit.recent(null, 10)).hasSize(4);
            assertThat(audit.recent("alice", "api.", 10)).extracting(AccessAudit.Entry::action).containsExactly("api.DELETE");
            assertThat(audit.recent(null, "pii.viewed", 10)).extracting(AccessAudit.Entry::actor).containsExactly("bob");
            assertThat(audit.recent("alice", null, 10)).hasSize(3);
            audit.close();
        }
    }
}
