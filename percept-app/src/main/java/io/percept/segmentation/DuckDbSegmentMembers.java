package io.percept.segmentation;

import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stored members on the embedded store, written with each full evaluation only (changes between
 * them are not written: a restart emits again what the last interval emitted, as it always has).
 */
final class DuckDbSegmentMembers implements SegmentMembers {

    private final JdbcClient jdbc;

    DuckDbSegmentMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<Long> stored(String name) {
        return new HashSet<>(jdbc.sql("SELECT profile_id FROM segment_members WHERE name = ?").param(name).query(Long.class).list());
    }

    @Override
    public void store(String name, long[] members) {
        jdbc.sql("DELETE FROM segment_members WHERE name = ?").param(name).update();
        if (members.length == 0) {
            return;
        }
        StringBuilder values = new StringBuilder();
        for (int from = 0; from < members.length; from += 10_000) {
            values.setLength(0);
            for (int i = from; i < Math.min(members.length, from + 10_000); i++) {
                values.append(i > from ? "," : "").append(members[i]);
            }
            jdbc.sql("INSERT INTO segment_members SELECT ?, unnest([" + values + "])").param(name).update();
        }
    }

    @Override
    public void changed(String name, Set<Long> entered, Set<Long> exited) {
    }
}
