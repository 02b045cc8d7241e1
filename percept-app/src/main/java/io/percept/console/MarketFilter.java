package io.percept.console;

import io.percept.eventlog.Channel;
import io.percept.insight.OrderDays;
import java.time.LocalDate;
import java.util.Set;

/**
 * What the market page shows: the {@code days} ending {@code today} (inclusive, business zone)
 * against the same number of days before, for all orders or one channel and/or one category.
 *
 * @param days     7, 30 or 90
 * @param channel  a channel's wire name, or null
 * @param category a product category as orders name it, or null
 */
public record MarketFilter(int days, LocalDate today, String channel, String category) {

    public MarketFilter {
        if (!OverviewFilter.PERIODS.contains(days)) {
            throw new IllegalArgumentException("days must be 7, 30 or 90, was " + days);
        }
        channel = blankToNull(channel);
        category = blankToNull(category);
        if (channel != null) {
            channel = Channel.parse(channel).wireName();
        }
        if (category != null && category.length() > 100) {
            throw new IllegalArgumentException("category must be at most 100 characters");
        }
    }

    public LocalDate from() {
        return today.minusDays(days - 1L);
    }

    public LocalDate previousFrom() {
        return from().minusDays(days);
    }

    public LocalDate previousTo() {
        return from().minusDays(1);
    }

    /** The filter's channel and category as the order aggregate takes them. */
    OrderDays.Filter orders() {
        return OrderDays.Filter.all().withChannels(channel == null ? Set.of() : Set.of(channel))
                .withCategories(category == null ? Set.of() : Set.of(category));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
