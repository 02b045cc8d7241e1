package io.percept.console;

import java.time.LocalDate;
import java.util.Set;

/**
 * What the executive overview shows: the {@code days} ending {@code today} (inclusive, in the business
 * zone) against the same number of days before, for all customers or one region, one channel or one product,
 * and for everyone or only the members of one segment.
 *
 * @param days    7, 30 or 90
 * @param region  a region, or null
 * @param channel a channel, or null
 * @param product a product id (sku), or null; at most one of region, channel and product is set
 * @param segment a saved segment's name or {@code cluster:N}, or null; combines with any of region, channel and product
 */
public record OverviewFilter(int days, LocalDate today, String region, String channel, String product, String segment) {

    /** The periods the page offers. */
    public static final Set<Integer> PERIODS = Set.of(7, 30, 90);

    public OverviewFilter {
        if (!PERIODS.contains(days)) {
            throw new IllegalArgumentException("days must be 7, 30 or 90, was " + days);
        }
        region = blankToNull(region);
        channel = blankToNull(channel);
        product = blankToNull(product);
        segment = blankToNull(segment);
        if ((region != null ? 1 : 0) + (channel != null ? 1 : 0) + (product != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("filter by one region, one channel or one product, not several");
        }
    }

    /** The filter for everyone (no segment). */
    public OverviewFilter(int days, LocalDate today, String region, String channel, String product) {
        this(days, today, region, channel, product, null);
    }

    /** The filter without a product, for the period's alone. */
    public OverviewFilter(int days, LocalDate today, String region, String channel) {
        this(days, today, region, channel, null);
    }

    /** Whether anything narrows the figures: a region, a channel, a product or a segment. */
    public boolean narrowed() {
        return region != null || channel != null || product != null || segment != null;
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
