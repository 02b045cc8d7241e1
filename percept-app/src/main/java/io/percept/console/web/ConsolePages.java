package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.OverviewFilter;
import java.util.List;

/** The console's pages, in navigation order, and how a request's period and filter are read. */
final class ConsolePages {

    /** Navigation keys; all but {@code overview}, {@code segments} and {@code rules} show a "coming soon" page for now. */
    static final List<String> NAVIGATION = List.of("overview", "market", "segments", "customers", "initiatives", "rules", "data");

    private ConsolePages() {
    }

    static OverviewFilter filter(ConsoleCalendar calendar, Integer days, String region, String channel) {
        return new OverviewFilter(days == null ? 30 : days, calendar.today(), region, channel);
    }
}
