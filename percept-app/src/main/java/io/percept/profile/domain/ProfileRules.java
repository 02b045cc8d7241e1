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
 * @param voices        reads what a person said in an event (default: {@link VoiceReader#NONE})
 */
public record ProfileRules(ZoneId zone, TraitPriority traits, Set<String> orderEvents, Set<String> refundEvents, VoiceReader voices) {

    public ProfileRules {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(traits, "traits");
        orderEvents = Set.copyOf(orderEvents);
        refundEvents = Set.copyOf(refundEvents);
        Objects.requireNonNull(voices, "voices");
    }

    /** Rules that read no voices. */
    public ProfileRules(ZoneId zone, TraitPriority traits, Set<String> orderEvents, Set<String> refundEvents) {
        this(zone, traits, orderEvents, refundEvents, VoiceReader.NONE);
    }

    /** UTC, no trait priorities, the Segment e-commerce spec's order and refund events, no voices. */
    public static ProfileRules defaults() {
        return new ProfileRules(ZoneId.of("UTC"), TraitPriority.NONE, Set.of("Order Completed"), Set.of("Order Refunded", "Order Cancelled"));
    }

    /** These rules reading voices with {@code reader}. */
    public ProfileRules withVoices(VoiceReader reader) {
        return new ProfileRules(zone, traits, orderEvents, refundEvents, reader);
    }
}
