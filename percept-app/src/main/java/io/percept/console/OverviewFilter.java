package io.percept.console;

import java.time.LocalDate;
import java.util.Set;

/**
 * What the executive overview shows: the {@code days} ending {@code today} (inclusive, in the business
 * zone) against the same number of days before, for all customers or one region, one channel or one product.
 *
 * @param days    7, 30 or 90
 * @param region  a region, or null
 * @param channel a channel, or null
 * @param product a product id (sku), or null; at most one of region, channel and product is set
 */
public record OverviewFilter(int days, LocalDate today, String region, String channel, String product) {

    /** The periods the page offers. */
    public static final Set<Integer> PERIODS = Set.of(7, 30, 90);

    public OverviewFilter {
        if (!PERIODS.contains(days)) {
            throw new IllegalArgumentException("days must be 7, 30 or 90, was " + days);
        }
        region = blankToNull(region);
        channel = blankToNull(channel);
        product = blankToNull(product);
        if ((region != null ? 1 : 0) + (channel != null ? 1 : 0) + (product != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("filter by one region, one channel or one product, not several");
        }
    }

    /** The filter without a product, for the period's alone. */
    public OverviewFilter(int days, LocalDate today, String region, String channel) {
        this(days, today, region, channel, null);
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
