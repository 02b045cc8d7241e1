package io.percept.insight;

import io.percept.eventlog.Event;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * Counts events per day (in the business time zone, by event time), channel, type and source into
 * {@code event_counts}. A batch is aggregated in memory first, appended to a staging table and added
 * in set-based statements, so history spread over a year costs no more than live traffic.
 */
final class EventCountsProcessor implements LogProcessor {

    static final String NAME = "event-counts";
    private static final String MATCHES = "e.day = DATE '1970-01-01' + b.day_number AND e.channel = b.channel AND e.type = b.type "
            + "AND e.source = b.source";

    private final ZoneId zone;

    EventCountsProcessor(ZoneId zone) {
        this.zone = zone;
    }

    private record Key(LocalDate day, String channel, String type, String source) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        Map<Key, long[]> counts = new HashMap<>();
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            Key key = new Key(LocalDate.ofInstant(event.timestamp(), zone), event.channel().wireName(), event.type().wireName(),
                    event.source().value());
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
        }
        try (Statement statement = connection.createStatement()) {
            // empty, unless a store written before EmbeddedStore.appender kept a failed batch's rows (its appender committed them alone)
            statement.executeUpdate("DELETE FROM event_counts_batch");
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "event_counts_batch")) {
            for (Map.Entry<Key, long[]> entry : counts.entrySet()) {
                Key key = entry.getKey();
                appender.beginRow().append((int) key.day().toEpochDay()).append(key.channel()).append(key.type()).append(key.source())
                        .append(entry.getValue()[0]).endRow();
            }
        }
        // set-based, so a batch of history spread over many days costs three statements, not one per key;
        // in this order: the keys just updated exist, so the insert skips them
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE event_counts AS e SET events = e.events + b.events FROM event_counts_batch AS b WHERE " + MATCHES);
            statement.executeUpdate("INSERT INTO event_counts (day, channel, type, source, events) "
                    + "SELECT DATE '1970-01-01' + b.day_number, b.channel, b.type, b.source, b.events FROM event_counts_batch AS b "
                    + "WHERE NOT EXISTS (SELECT 1 FROM event_counts AS e WHERE " + MATCHES + ")");
            statement.executeUpdate("DELETE FROM event_counts_batch");
        }
    }
}
