package io.percept.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link RetainedData} that is rows of one table, deleted by one statement. */
public final class RetainedRows implements RetainedData {

    private final Kind kind;
    private final JdbcClient jdbc;
    private final String table;
    private final String column;
    private final String condition;

    private RetainedRows(Kind kind, JdbcClient jdbc, String table, String column, String condition) {
        this.kind = kind;
        this.jdbc = jdbc;
        this.table = table;
        this.column = column;
        this.condition = condition;
    }

    /** The rows of {@code table} whose timestamp {@code column} (UTC) is before the cutoff. */
    public static RetainedRows olderThan(Kind kind, JdbcClient jdbc, String table, String column) {
        return new RetainedRows(kind, jdbc, table, column, null);
    }

    /**
     * Derived rows of {@code table} that go when {@code condition} holds, whatever the cutoff (e.g.
     * {@code io.percept.eventlog.ExpiredEvents#BEFORE}: their event left the log); removed after the
     * kind's primary records.
     */
    public static RetainedRows derivedWhere(Kind kind, JdbcClient jdbc, String table, String condition) {
        return new RetainedRows(kind, jdbc, table, null, condition);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return table;
    }

    @Override
    public boolean derived() {
        return condition != null;
    }

    @Override
    public long removeOlderThan(Instant cutoff) {
        if (condition != null) {
            return jdbc.sql("DELETE FROM " + table + " WHERE " + condition).update();
        }
        return jdbc.sql("DELETE FROM " + table + " WHERE " + column + " < ?").param(LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC)).update();
    }
}
