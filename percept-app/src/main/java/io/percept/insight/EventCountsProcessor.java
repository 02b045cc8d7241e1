package io.percept.insight;

import io.percept.eventlog.Event;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts events per day (in the business time zone, by event time), channel, type and source into
 * {@code event_counts}. A batch is aggregated in memory first, so the store sees one update per
 * distinct key rather than per event.
 */
final class EventCountsProcessor implements LogProcessor {

    static final String NAME = "event-counts";

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
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE event_counts SET events = events + ? WHERE day = ? AND channel = ? AND type = ? AND source = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO event_counts (day, channel, type, source, events) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, long[]> entry : counts.entrySet()) {
                Key key = entry.getKey();
                update.setLong(1, entry.getValue()[0]);
                update.setDate(2, Date.valueOf(key.day()));
                update.setString(3, key.channel());
                update.setString(4, key.type());
                update.setString(5, key.source());
                if (update.executeUpdate() == 0) {
                    insert.setDate(1, Date.valueOf(key.day()));
                    insert.setString(2, key.channel());
                    insert.setString(3, key.type());
                    insert.setString(4, key.source());
                    insert.setLong(5, entry.getValue()[0]);
                    insert.executeUpdate();
                }
            }
        }
    }
}
