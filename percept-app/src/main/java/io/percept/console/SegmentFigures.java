package io.percept.console;

import io.percept.insight.MemberFigures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders, revenue and active customers of a segment's members in a period and the one before, as
 * {@link StoreFigures} reports them for everyone: orders and revenue from insight's per-customer-day
 * table ({@link MemberFigures#orders}, one read over both periods), active customers = members (profiles)
 * with any event in the period ({@link MemberFigures#active}; the previous period's apart, as the overview
 * remembers it). Region, channel and product narrow as
 * they do for everyone; active customers are not narrowed by product.
 */
final class SegmentFigures {

    private final MemberFigures members;

    SegmentFigures(MemberFigures members) {
        this.members = members;
    }

    StoreFigures.Pair figures(OverviewFilter filter, OverviewSegments.Members segment) {
        long[] count = new long[2];
        double[] revenue = new double[2];
        Map<LocalDate, MemberFigures.Day> byDay = new HashMap<>();
        for (MemberFigures.Day day : members.orders(filter.previousFrom(), filter.today(), segment.identifiers(), filter.region(), filter.channel(),
                filter.product())) {
            int period = day.day().isBefore(filter.from()) ? 1 : 0;
            count[period] += day.orders();
            revenue[period] += day.revenue();
            byDay.put(day.day(), day);
        }
        List<ExecutiveOverview.Day> days = new ArrayList<>();
        for (LocalDate day = filter.from(); !day.isAfter(filter.today()); day = day.plusDays(1)) {
            MemberFigures.Day cell = byDay.get(day);
            days.add(new ExecutiveOverview.Day(day, cell == null ? 0 : cell.orders(), cell == null ? 0 : round(cell.revenue())));
        }
        long active = members.active(filter.from(), filter.from(), filter.today(), segment.identifiers(), filter.channel(), filter.region()).current();
        return new StoreFigures.Pair(new StoreFigures.Figures(active, count[0], round(revenue[0])), count[1], round(revenue[1]), days);
    }

    /** The members active in the previous period (for what the overview remembers of it). */
    long previousActive(OverviewFilter filter, OverviewSegments.Members segment) {
        return members.active(filter.previousFrom(), filter.from(), filter.from(), segment.identifiers(), filter.channel(), filter.region()).previous();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
