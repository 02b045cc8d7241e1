package io.percept.console;

import io.percept.insight.MemberFigures;
import java.util.List;

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
        List<ExecutiveOverview.Day> daily = members.orders(filter.previousFrom(), filter.today(), segment.identifiers(), filter.region(),
                filter.channel(), filter.product()).stream().map(day -> new ExecutiveOverview.Day(day.day(), day.orders(), day.revenue())).toList();
        return StoreFigures.pair(filter, daily, members.active(filter.from(), filter.today(), segment.identifiers(), filter.channel(), filter.region()));
    }

    /** The members active in the previous period (for what the overview remembers of it). */
    long previousActive(OverviewFilter filter, OverviewSegments.Members segment) {
        return members.active(filter.previousFrom(), filter.previousTo(), segment.identifiers(), filter.channel(), filter.region());
    }
}
