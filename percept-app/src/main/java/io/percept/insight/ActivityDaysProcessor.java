package io.percept.insight;

import io.percept.eventlog.Event;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.duckdb.DuckDBAppender;

/**
 * Keeps {@code activity_days}: each (day, customer, channel) with at least one event, the day in the
 * business time zone by event time. The customer is {@code user_id:<userId>}, else
 * {@code anonymous_id:<anonymousId>} (trimmed, as the identity rules name identifiers); events with
 * neither are not anyone's activity. A batch is made distinct in memory, staged with the appender
 * and copied over in one set-based statement that skips rows already there, so a replay adds nothing.
 * Kept in day order when idle ({@link DayOrder}): the active customers of a period read its days' rows only.
 */
final class ActivityDaysProcessor implements LogProcessor {

    static final String NAME = "activity-days";

    private final ZoneId zone;
    private final DataSource dataSource;
    private final DayOrder order;

    /** @param dataSource and {@code stretch}: where and by how many rows the table is kept in day order ({@link DayOrder}) */
    ActivityDaysProcessor(ZoneId zone, DataSource dataSource, long stretch) {
        this.zone = zone;
        this.dataSource = dataSource;
        this.order = new DayOrder("activity_days", "day, customer, channel", stretch);
    }

    private record Key(int day, String customer, String channel) {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The customer an event is the activity of, or null. */
    static String customer(Event event) {
        if (event.userId() != null && !event.userId().isBlank()) {
            return "user_id:" + event.userId().strip();
        }
        if (event.anonymousId() != null && !event.anonymousId().isBlank()) {
            return "anonymous_id:" + event.anonymousId().strip();
        }
        return null;
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        Set<Key> keys = new HashSet<>();
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            String customer = customer(event);
            if (customer != null) {
                keys.add(new Key((int) LocalDate.ofInstant(event.timestamp(), zone).toEpochDay(), customer, event.channel().wireName()));
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "activity_days_batch")) {
            for (Key key : keys) {
                appender.beginRow().append(key.day()).append(key.customer()).append(key.channel()).endRow();
            }
        }
        try (Statement statement = connection.createStatement()) {
            order.added(statement.executeUpdate("INSERT INTO activity_days (day, customer, channel) "
                    + "SELECT DATE '1970-01-01' + b.day_number, b.customer, b.channel FROM activity_days_batch AS b WHERE NOT EXISTS "
                    + "(SELECT 1 FROM activity_days AS a WHERE a.day = DATE '1970-01-01' + b.day_number AND a.customer = b.customer "
                    + "AND a.channel = b.channel)"));
            statement.executeUpdate("DELETE FROM activity_days_batch");
        }
    }

    @Override
    public void idle(long position) throws Exception {
        order.tidy(dataSource);
    }
}
