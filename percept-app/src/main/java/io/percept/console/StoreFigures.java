package io.percept.console;

import io.percept.insight.ActivityDays;
import io.percept.insight.OrderDays;
import io.percept.profile.Profiles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders, revenue and active customers of a period and the one before, from insight's per-day
 * aggregates (nothing here reads the event log). Orders and revenue: {@link OrderDays} (an order is a
 * track event named as the profiles count orders, its amount as {@link Profiles#orderAmount} reads it;
 * its region is the order's, else the customer's). Active customers: the distinct customers (user id,
 * else anonymous id) {@link ActivityDays} saw active in the period, in the region when one is asked for
 * (the region of the profile with that user id). A channel is the event's. With a product, orders and revenue are those of the
 * orders' lines of that product (an order counts once); active customers are not narrowed by product.
 */
final class StoreFigures {

    /** The figures of one period. */
    record Figures(long activeCustomers, long orders, double revenue) {
    }

    /**
     * The current period's figures, the previous one's orders and revenue, and the current period day by
     * day (days without orders included). The previous period's active customers are {@link #active}'s.
     */
    record Pair(Figures current, long previousOrders, double previousRevenue, List<ExecutiveOverview.Day> days) {
    }

    private final ActivityDays activity;
    private final OrderDays orders;

    StoreFigures(ActivityDays activity, OrderDays orders) {
        this.activity = activity;
        this.orders = orders;
    }

    Pair figures(OverviewFilter filter) {
        OrderDays.Filter narrowed = OrderDays.Filter.all();
        if (filter.region() != null) {
            narrowed = narrowed.withRegions(Set.of(filter.region()));
        }
        if (filter.channel() != null) {
            narrowed = narrowed.withChannels(Set.of(filter.channel()));
        }
        if (filter.product() != null) {
            narrowed = narrowed.withSkus(Set.of(filter.product()));
        }
        List<ExecutiveOverview.Day> daily = orders.daily(filter.previousFrom(), filter.today(), OrderDays.Dimension.DAY, narrowed).stream()
                .map(day -> new ExecutiveOverview.Day(day.day(), day.orders(), day.revenue())).toList();
        return pair(filter, daily, active(filter, filter.from(), filter.today()));
    }

    /**
     * The figures of the filter's period and the one before from orders and revenue per day over both
     * ({@code daily}: days without orders absent), and the period's days one by one (0 where none).
     */
    static Pair pair(OverviewFilter filter, List<ExecutiveOverview.Day> daily, long active) {
        long[] count = new long[2];
        double[] revenue = new double[2];
        Map<LocalDate, ExecutiveOverview.Day> byDay = new HashMap<>();
        for (ExecutiveOverview.Day day : daily) {
            int period = day.day().isBefore(filter.from()) ? 1 : 0;
            count[period] += day.orders();
            revenue[period] += day.revenue();
            byDay.put(day.day(), day);
        }
        List<ExecutiveOverview.Day> days = new ArrayList<>();
        for (LocalDate day = filter.from(); !day.isAfter(filter.today()); day = day.plusDays(1)) {
            ExecutiveOverview.Day cell = byDay.get(day);
            days.add(new ExecutiveOverview.Day(day, cell == null ? 0 : cell.orders(), cell == null ? 0 : round(cell.revenue())));
        }
        return new Pair(new Figures(active, count[0], round(revenue[0])), count[1], round(revenue[1]), days);
    }

    /** The active customers from {@code from} to {@code to} in the filter's channel and region (not narrowed by product). */
    long active(OverviewFilter filter, LocalDate from, LocalDate to) {
        return activity.count(from, to, filter.channel(), filter.region());
    }

    /** The products sold in the last 90 days, for the filter's choices. */
    List<String> products(OverviewFilter filter) {
        return List.copyOf(new TreeSet<>(orders.categoriesOfSkus(filter.today().minusDays(89), filter.today()).keySet()));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
