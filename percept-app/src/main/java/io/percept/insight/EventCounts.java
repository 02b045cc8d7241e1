package io.percept.insight;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Queries over the event counts. */
public class EventCounts {

    private final JdbcClient jdbc;

    EventCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Volumes between {@code from} and {@code to}, inclusive.
     *
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public EventVolumes volumes(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        List<EventVolumes.DayVolume> days = jdbc.sql("SELECT day, sum(events) FROM event_counts WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day")
                .params(from, to)
                .query((row, index) -> new EventVolumes.DayVolume(row.getObject(1, LocalDate.class), row.getLong(2)))
                .list();
        long total = days.stream().mapToLong(EventVolumes.DayVolume::events).sum();
        return new EventVolumes(from, to, total, totalsBy("channel", from, to), totalsBy("type", from, to),
                totalsBy("source", from, to), days);
    }

    /**
     * Each source's events per day between {@code from} and {@code to}, inclusive: index 0 is
     * {@code from}; sources with no event in the period are left out.
     *
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public Map<String, long[]> sourcesByDay(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        Map<String, long[]> bySource = new TreeMap<>();
        jdbc.sql("SELECT source, day, sum(events) FROM event_counts WHERE day BETWEEN ? AND ? GROUP BY source, day")
                .params(from, to)
                .query(row -> {
                    long[] counts = bySource.computeIfAbsent(row.getString(1), source -> new long[days]);
                    counts[(int) ChronoUnit.DAYS.between(from, row.getObject(2, LocalDate.class))] = row.getLong(3);
                });
        return bySource;
    }

    /** The newest day on which each source has events (all time). */
    public Map<String, LocalDate> lastDays() {
        Map<String, LocalDate> last = new TreeMap<>();
        jdbc.sql("SELECT source, max(day) FROM event_counts GROUP BY source").query(row -> {
            last.put(row.getString(1), row.getObject(2, LocalDate.class));
        });
        return last;
    }

    private Map<String, Long> totalsBy(String column, LocalDate from, LocalDate to) {
        Map<String, Long> totals = new LinkedHashMap<>();
        jdbc.sql("SELECT " + column + ", sum(events) AS n FROM event_counts WHERE day BETWEEN ? AND ? GROUP BY " + column
                        + " ORDER BY n DESC, " + column)
                .params(from, to)
                .query(row -> {
                    totals.put(row.getString(1), row.getLong(2));
                });
        return totals;
    }
}
