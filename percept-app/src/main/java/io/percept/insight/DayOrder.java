package io.percept.insight;

import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a per-day aggregate table (a {@code day} column) in day order, so a query for a period reads
 * only the row groups holding its days: DuckDB skips a row group whose smallest and largest day miss
 * the period. Rows are appended in log order, which is day order while events arrive live; a replay
 * of the log or an import of history appends old days after new ones, and then every row group spans
 * the whole year and nothing is skipped (36 of 37 row groups of {@code activity_days} after the
 * benchmark store's replay).
 *
 * <p>When its processor is idle and at least {@code stretch} rows were added since the last look (or
 * at the first idle moment after a start), {@link #tidy} looks at the day range of each stretch of
 * {@code stretch} rows in storage order (one aggregate pass, tens of milliseconds at 4.5 million rows);
 * when more than a quarter of the stretches begin before the days of the stretches ahead of them end,
 * it rewrites the table in day order in one transaction (about 5 s at 4.5 million rows), the table's
 * definition kept as its migration made it. Readers see the old rows until the rewrite commits.
 * Called on the processor's thread only, so the processor never writes the table meanwhile.
 */
final class DayOrder {

    private static final Logger LOG = LoggerFactory.getLogger(DayOrder.class);

    /** DuckDB's row group: what zone maps prune. */
    static final long ROW_GROUP = 122_880;

    private final String table;
    private final String order;
    private final long stretch;
    /** Rows added since the last look; negative until the first look. */
    private long added = -1;

    /**
     * @param table   the table, with a {@code day} column
     * @param order   its columns in the order to sort by, {@code day} first
     * @param stretch how many rows a stretch holds, and how many added rows call for another look
     */
    DayOrder(String table, String order, long stretch) {
        if (!order.startsWith("day")) {
            throw new IllegalArgumentException("the order must begin with day, was " + order);
        }
        this.table = table;
        this.order = order;
        this.stretch = stretch;
    }

    /** Counts rows the processor added. */
    void added(long rows) {
        if (added >= 0) {
            added += rows;
        }
    }

    /**
     * Looks at the table's order when enough rows were added, and rewrites it in day order when it is
     * scattered.
     *
     * @return whether the table was rewritten
     */
    boolean tidy(DataSource dataSource) throws SQLException {
        if (added >= 0 && added < stretch) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            added = 0;
            if (!scattered(connection)) {
                return false;
            }
            long started = System.nanoTime();
            rewrite(connection);
            LOG.info("Rewrote {} in day order in {} ms", table, (System.nanoTime() - started) / 1_000_000);
            return true;
        }
    }

    /** Whether more than a quarter of the stretches (after the first) begin before the days ahead of them end. */
    private boolean scattered(Connection connection) throws SQLException {
        int stretches = 0;
        int behind = 0;
        LocalDate latest = null;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT rowid // " + stretch + " AS s, min(day), max(day) FROM " + table
                     + " GROUP BY s ORDER BY s")) {
            while (rows.next()) {
                LocalDate first = rows.getObject(2, LocalDate.class);
                LocalDate last = rows.getObject(3, LocalDate.class);
                // a day of slack: events arriving a little late are not disorder worth a rewrite
                if (latest != null && first.isBefore(latest.minusDays(1))) {
                    behind++;
                }
                latest = latest == null || last.isAfter(latest) ? last : latest;
                stretches++;
            }
        }
        return stretches > 1 && behind * 4 > stretches - 1;
    }

    private void rewrite(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            String sorted = table + "_sorted";
            statement.execute("CREATE TEMP TABLE " + sorted + " AS SELECT * FROM " + table + " ORDER BY " + order);
            statement.executeUpdate("DELETE FROM " + table);
            statement.executeUpdate("INSERT INTO " + table + " SELECT * FROM " + sorted);
            statement.execute("DROP TABLE " + sorted);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            EmbeddedStore.rollback(connection);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
