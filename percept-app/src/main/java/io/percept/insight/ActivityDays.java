package io.percept.insight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who was active when: the customers with any event in a period, from {@code activity_days}. */
public final class ActivityDays {

    /** The customers (identifiers, {@code type:value}) active in each of two periods. */
    public record Active(List<String> current, List<String> previous) {
    }

    private final JdbcClient jdbc;

    ActivityDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The distinct customers with an event (on {@code channel}, or any when null) from
     * {@code previousFrom} to the day before {@code from} (the previous period) and from {@code from}
     * to {@code to} inclusive (the current one); one read of the rows of both periods.
     */
    public Active active(LocalDate previousFrom, LocalDate from, LocalDate to, String channel) {
        List<String> current = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        String sql = "SELECT customer, max(day) >= ?, min(day) < ? FROM activity_days WHERE day BETWEEN ? AND ?"
                + (channel == null ? "" : " AND channel = ?") + " GROUP BY customer";
        List<Object> params = new ArrayList<>(List.of(from, from, previousFrom, to));
        if (channel != null) {
            params.add(channel);
        }
        jdbc.sql(sql).params(params).query(row -> {
            if (row.getBoolean(2)) {
                current.add(row.getString(1));
            }
            if (row.getBoolean(3)) {
                previous.add(row.getString(1));
            }
        });
        return new Active(current, previous);
    }
}
