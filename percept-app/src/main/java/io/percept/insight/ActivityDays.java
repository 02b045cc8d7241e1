package io.percept.insight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who was active when: how many customers had any event in a period, from {@code activity_days}. */
public final class ActivityDays {

    private final JdbcClient jdbc;

    ActivityDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many customers were active in the current period and in the previous one. */
    public record Counts(long current, long previous) {
    }

    /**
     * How many distinct customers (identifiers) had an event (on {@code channel}, or any when null)
     * from {@code from} to {@code to} inclusive (current) and from {@code previousFrom} to the day
     * before {@code from} (previous); with {@code region}, only customers whose user id belongs to a
     * profile in that region. One aggregate query: nothing but two numbers leaves the store.
     */
    public Counts count(LocalDate previousFrom, LocalDate from, LocalDate to, String channel, String region) {
        StringBuilder sql = new StringBuilder("SELECT count(DISTINCT customer) FILTER (WHERE day >= ?), count(DISTINCT customer) FILTER (WHERE day < ?) "
                + "FROM activity_days WHERE day BETWEEN ? AND ?");
        List<Object> params = new ArrayList<>(List.of(from, from, previousFrom, to));
        if (channel != null) {
            sql.append(" AND channel = ?");
            params.add(channel);
        }
        if (region != null) {
            sql.append(" AND customer IN (SELECT 'user_id:' || user_id FROM profiles WHERE region = ? AND user_id IS NOT NULL)");
            params.add(region);
        }
        return jdbc.sql(sql.toString()).params(params).query((row, index) -> new Counts(row.getLong(1), row.getLong(2))).single();
    }
}
