package io.percept.eventlog.postgres;

import io.percept.eventlog.LoggedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates the month partitions of {@code events} that a batch needs, inside the writer's
 * transaction; see {@link PostgresEventStore} for the rules. Remembers which partitions are
 * attached, as seen from committed catalog rows only: a partition created in a transaction that
 * then rolls back must not be taken for existing. Thread-safe.
 */
final class MonthPartitions {

    /** The first month that gets its own partition; earlier events stay in the default partition. */
    static final YearMonth FIRST = YearMonth.of(1970, 1);

    /** The transaction advisory lock that serialises creating partitions ("percept" and "months" in ASCII). */
    private static final long CREATION_LOCK = 0x7065_7263_6570_6D6FL;

    private static final Pattern NAME = Pattern.compile("events_y(\\d{4})m(\\d{2})");

    private final DataSource dataSource;
    private final Clock clock;
    private final Set<YearMonth> attached = ConcurrentHashMap.newKeySet();

    MonthPartitions(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    static String tableName(YearMonth month) {
        return String.format("events_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    /** The last month that gets its own partition now: the one after the current month (UTC). */
    YearMonth lastMonth() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).plusMonths(1);
    }

    /**
     * Makes sure the partitions of the events' months exist (and next month's, so that month
     * starts without a pause), creating them in the caller's transaction on {@code connection}.
     */
    void prepare(Connection connection, List<LoggedEvent> events) throws SQLException {
        YearMonth last = lastMonth();
        Set<YearMonth> missing = new TreeSet<>();
        if (!attached.contains(last)) {
            missing.add(last);
        }
        long monthStart = Long.MAX_VALUE;
        long monthEnd = Long.MIN_VALUE;
        for (LoggedEvent logged : events) {
            long second = logged.event().timestamp().getEpochSecond();
            if (second >= monthStart && second < monthEnd) {
                continue;
            }
            YearMonth month = YearMonth.from(logged.event().timestamp().atOffset(ZoneOffset.UTC));
            monthStart = start(month).getEpochSecond();
            monthEnd = start(month.plusMonths(1)).getEpochSecond();
            if (!month.isBefore(FIRST) && !month.isAfter(last) && !attached.contains(month)) {
                missing.add(month);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        refresh();
        missing.removeAll(attached);
        if (missing.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CREATION_LOCK + ")");
        }
        for (YearMonth month : missing) {
            createUnlessExists(connection, month);
        }
    }

    /** Re-reads the attached partitions as committed, on a connection of its own. */
    private void refresh() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'events'::regclass")) {
            while (rows.next()) {
                Matcher name = NAME.matcher(rows.getString(1));
                if (name.matches()) {
                    attached.add(YearMonth.of(Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2))));
                }
            }
        }
    }

    /**
     * Creates the month's partition unless it exists (committed by another writer, or created
     * earlier in this transaction), moving that month's rows out of the default partition first:
     * PostgreSQL refuses a partition whose rows sit in the default one. Attaching a table, unlike
     * {@code CREATE TABLE ... PARTITION OF}, leaves {@code events} open to writers meanwhile.
     */
    private static void createUnlessExists(Connection connection, YearMonth month) throws SQLException {
        String table = tableName(month);
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet rows = exists.executeQuery()) {
                rows.next();
                if (rows.getBoolean(1)) {
                    return;
                }
            }
        }
        String from = "'" + start(month) + "'";
        String to = "'" + start(month.plusMonths(1)) + "'";
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            statement.execute("WITH moved AS (DELETE FROM events_default WHERE occurred_at >= " + from + " AND occurred_at < " + to
                    + " RETURNING " + PostgresEventStore.COLUMNS + ") INSERT INTO " + table + " (" + PostgresEventStore.COLUMNS + ") SELECT "
                    + PostgresEventStore.COLUMNS + " FROM moved");
            statement.execute("ALTER TABLE events ATTACH PARTITION " + table + " FOR VALUES FROM (" + from + ") TO (" + to + ")");
        }
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
