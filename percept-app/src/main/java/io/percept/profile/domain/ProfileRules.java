package io.percept.profile.domain;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * How events become profile attributes.
 *
 * @param zone          the business time zone of active hours and weekdays
 * @param traits        which sources win for which traits
 * @param orderEvents   track event names that are orders (default {@code Order Completed})
 * @param refundEvents  track event names that take an order back (default {@code Order Refunded},
 *                      {@code Order Cancelled})
 */
public record ProfileRules(ZoneId zone, TraitPriority traits, Set<String> orderEvents, Set<String> refundEvents) {

    public ProfileRules {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(traits, "traits");
        orderEvents = Set.copyOf(orderEvents);
        refundEvents = Set.copyOf(refundEvents);
    }

    /** UTC, no trait priorities, the Segment e-commerce spec's order and refund events. */
    public static ProfileRules defaults() {
        return new ProfileRules(ZoneId.of("UTC"), TraitPriority.NONE, Set.of("Order Completed"), Set.of("Order Refunded", "Order Cancelled"));
    }
}
