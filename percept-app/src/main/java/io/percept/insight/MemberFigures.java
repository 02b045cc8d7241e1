package io.percept.insight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.percept.platform.IdSets;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Orders, revenue and activity of a given set of customers (a segment's members), from
 * {@code customer_order_days} and {@code activity_days}: each query reads the period's rows of one
 * table and keeps those of the members (a hash join on the identifier), never the event log.
 */
public final class MemberFigures {

    /** Separates an identifier from its profile id, and one member identifier from the next, in the one text parameter sent. */
    /** The members: an id set of identifiers with their profiles ({@link IdSets}), one parameter, its key. */
    private static final String MEMBERS = "WITH members AS (SELECT item AS customer, number AS profile FROM id_sets WHERE set_key = ?) ";

    private final JdbcClient jdbc;
    private final IdSets sets;

    MemberFigures(JdbcClient jdbc, IdSets sets) {
        this.jdbc = jdbc;
        this.sets = sets;
    }

    /** A day's orders and revenue. */
    public record Day(LocalDate day, long orders, double revenue) {
    }

    /**
     * The members' orders and revenue per day from {@code from} to {@code to} inclusive (days without
     * orders left out), in {@code region} and on {@code channel} when not null; with {@code product},
     * the orders holding it and those lines' revenue.
     *
     * @param members the members' identifiers ({@code user_id:<id>}, {@code anonymous_id:<id>}) with their profile ids
     */
    public List<Day> orders(LocalDate from, LocalDate to, Map<String, Long> members, String region, String channel, String product) {
        StringBuilder sql = new StringBuilder(MEMBERS + "SELECT day, sum(orders), sum(revenue) FROM customer_order_days "
                + "WHERE day BETWEEN ? AND ? AND customer IN (SELECT customer FROM members) AND level = ?");
        List<Object> params = new ArrayList<>(List.of(sets.key(members), from, to, product == null ? 0 : 1));
        narrow(sql, params, "region", region);
        narrow(sql, params, "channel", channel);
        narrow(sql, params, "sku", product);
        sql.append(" GROUP BY day ORDER BY day");
        return jdbc.sql(sql.toString()).params(params)
                .query((row, i) -> new Day(row.getObject(1, LocalDate.class), row.getLong(2), row.getDouble(3))).list();
    }

    /**
     * How many members (profiles) had an event from {@code from} to {@code to} inclusive, on {@code channel}
     * when not null; with {@code region}, only members whose user id belongs to a profile in that region (as
     * {@link ActivityDays#count} counts one period).
     */
    public long active(LocalDate from, LocalDate to, Map<String, Long> members, String channel, String region) {
        StringBuilder sql = new StringBuilder(MEMBERS + "SELECT count(DISTINCT m.profile) FROM activity_days a JOIN members m ON m.customer = a.customer "
                + "WHERE a.day BETWEEN ? AND ?");
        List<Object> params = new ArrayList<>(List.of(sets.key(members), from, to));
        narrow(sql, params, "a.channel", channel);
        if (region != null) {
            sql.append(" AND a.customer IN (SELECT 'user_id:' || user_id FROM profiles WHERE region = ? AND user_id IS NOT NULL)");
            params.add(region);
        }
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    private static void narrow(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

}
