package io.percept.console;

import io.percept.eventlog.Attributes;
import io.percept.insight.ActivityDays;
import io.percept.platform.JsonValues;
import io.percept.profile.Profiles;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Orders, revenue and active customers of a period. Orders are read from the event log (read-only):
 * a track event named as the profiles count orders, its amount as {@link Profiles#orderAmount} reads it.
 * Active customers are the live profiles holding the identifiers insight's {@link ActivityDays} saw
 * active in the period. A region is the customer's profile region, a channel the event's.
 */
final class StoreFigures {

    /** The figures of one period. */
    record Figures(long activeCustomers, long orders, double revenue) {
    }

    /** The current period's figures and the previous one's. */
    record Pair(Figures current, Figures previous) {
    }

    private static final String FROM = """
             FROM event_log l
             LEFT JOIN (SELECT user_id, any_value(region) AS region FROM profiles WHERE user_id IS NOT NULL GROUP BY user_id) r
               ON r.user_id = l.payload->>'$.userId'
            """;

    private final JdbcClient jdbc;
    private final Profiles profiles;
    private final ActivityDays activity;
    private final Set<String> orderEvents;
    private final ZoneId zone;

    StoreFigures(JdbcClient jdbc, Profiles profiles, ActivityDays activity, Set<String> orderEvents, ZoneId zone) {
        this.jdbc = jdbc;
        this.activity = activity;
        this.profiles = profiles;
        this.orderEvents = Set.copyOf(orderEvents);
        this.zone = zone;
    }

    Pair figures(OverviewFilter filter) {
        LocalDateTime start = utc(filter.previousFrom());
        LocalDateTime split = utc(filter.from());
        LocalDateTime end = utc(filter.today().plusDays(1));
        long[] orders = new long[2];
        double[] revenue = new double[2];
        Where where = where(filter, start, end);
        if (!orderEvents.isEmpty()) {
            List<Object> params = new ArrayList<>(List.of(split));
            params.addAll(where.params());
            params.addAll(orderEvents);
            jdbc.sql("SELECT CAST(l.payload->>'$.timestamp' AS TIMESTAMP) >= ?, l.payload->>'$.properties'" + FROM + where.sql()
                            + " AND l.payload->>'$.type' = 'track' AND l.payload->>'$.event' IN (" + "?,".repeat(orderEvents.size() - 1) + "?)")
                    .params(params)
                    .query(rows -> {
                        int period = rows.getBoolean(1) ? 0 : 1;
                        String properties = rows.getString(2);
                        orders[period]++;
                        revenue[period] += properties == null ? 0 : Profiles.orderAmount(Attributes.adopt(JsonValues.parseObject(properties)));
                    });
        }
        ActivityDays.Active customers = activity.active(filter.previousFrom(), filter.from(), filter.today(), filter.channel());
        Set<Long> inRegion = filter.region() == null ? null
                : new HashSet<>(jdbc.sql("SELECT profile_id FROM profiles WHERE region = ?").param(filter.region()).query(Long.class).list());
        List<Set<Long>> active = List.of(live(customers.current(), inRegion), live(customers.previous(), inRegion));
        return new Pair(new Figures(active.get(0).size(), orders[0], round(revenue[0])),
                new Figures(active.get(1).size(), orders[1], round(revenue[1])));
    }

    /** The live profiles holding {@code identifiers}, only those in {@code region} when that is not null. */
    private Set<Long> live(List<String> identifiers, Set<Long> region) {
        Set<Long> profiles = new HashSet<>();
        for (long id : this.profiles.profilesOf(identifiers)) {
            if (id != 0 && (region == null || region.contains(id))) {
                profiles.add(id);
            }
        }
        return profiles;
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(OverviewFilter filter, LocalDateTime start, LocalDateTime end) {
        StringBuilder sql = new StringBuilder("WHERE CAST(l.payload->>'$.timestamp' AS TIMESTAMP) >= ? AND CAST(l.payload->>'$.timestamp' AS TIMESTAMP) < ?");
        List<Object> params = new ArrayList<>(List.of(start, end));
        if (filter.region() != null) {
            sql.append(" AND r.region = ?");
            params.add(filter.region());
        }
        if (filter.channel() != null) {
            sql.append(" AND l.payload->>'$.channel' = ?");
            params.add(filter.channel());
        }
        return new Where(sql.toString(), params);
    }

    private LocalDateTime utc(LocalDate day) {
        return day.atStartOfDay(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
