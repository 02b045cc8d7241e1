package io.percept.rules.domain;

import io.percept.eventlog.Event;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** The optional {@code window} of a rule: exactly one of {@code count}, {@code sum}, {@code absent}. */
public sealed interface Window permits Window.Accumulating, Window.Absent {

    /** The longest window a rule may declare. */
    Duration MAX = Duration.ofDays(31);

    /** The window's length T. */
    Duration within();

    /** This window as the {@code window} object of a document. */
    Map<String, Object> toDocument();

    /**
     * A window that adds up the profile's events over the last T and lets a trigger fire once the
     * total reaches {@link #threshold()}.
     */
    sealed interface Accumulating extends Window permits Count, Sum {

        /** The events that add to the total; {@code null} means the trigger's own events. */
        EventMatch event();

        /** The total a trigger needs, from the events of the last {@link #within()} up to and including it. */
        double threshold();

        /** What {@code event} adds to the total, or {@code NaN} if it adds nothing. */
        double amount(Event event);
    }

    /**
     * {@code count: {event: {name: "Page Viewed"}, within: 1h, atLeast: 5}}: at least n matching events in T.
     *
     * @param event   the counted events; {@code null} to count the trigger's events
     * @param within  T
     * @param atLeast n, from 1 to 10 000
     */
    record Count(EventMatch event, Duration within, int atLeast) implements Accumulating {

        public Count {
            requireWithin(within);
            if (atLeast < 1 || atLeast > 10_000) {
                throw new IllegalArgumentException("atLeast must be from 1 to 10000");
            }
        }

        @Override
        public double threshold() {
            return atLeast;
        }

        @Override
        public double amount(Event candidate) {
            return 1;
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("count", accumulating(event, within, atLeast, null));
        }
    }

    /**
     * {@code sum: {event: {name: "Order Completed"}, property: properties.revenue, within: 7d, atLeast: 500}}:
     * the numbers at {@code property} of the matching events of T add up to at least the amount.
     * Events without a number there add nothing.
     *
     * @param event    the summed events; {@code null} for the trigger's events
     * @param property a dotted event path to the amount
     * @param within   T
     * @param atLeast  the amount
     */
    record Sum(EventMatch event, String property, Duration within, double atLeast) implements Accumulating {

        public Sum {
            requireWithin(within);
            if (property == null || !EventPaths.isValid(property)) {
                throw new IllegalArgumentException("not an event path: " + property);
            }
            if (!Double.isFinite(atLeast)) {
                throw new IllegalArgumentException("atLeast must be a finite number");
            }
        }

        @Override
        public double threshold() {
            return atLeast;
        }

        @Override
        public double amount(Event candidate) {
            Double amount = EventPaths.number(EventPaths.value(candidate, property));
            return amount == null ? Double.NaN : amount;
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("sum", accumulating(event, within, atLeast, property));
        }
    }

    /**
     * {@code absent: {event: {name: "Order Completed"}, within: 2h}}: the trigger arms a timer at its
     * time + T; the rule fires then unless a matching event of the same profile came in between.
     *
     * @param event  the events whose arrival cancels the timer
     * @param within T
     */
    record Absent(EventMatch event, Duration within) implements Window {

        public Absent {
            Objects.requireNonNull(event, "event");
            requireWithin(within);
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("absent", Documents.of("event", event.toDocument(), "within", Durations.format(within)));
        }
    }

    private static void requireWithin(Duration within) {
        if (within == null || within.isNegative() || within.isZero() || within.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("within must be above 0 and at most " + Durations.format(MAX));
        }
    }

    private static Map<String, Object> accumulating(EventMatch event, Duration within, Object atLeast, String property) {
        return Documents.of("event", event == null ? null : event.toDocument(), "property", property, "within", Durations.format(within),
                "atLeast", atLeast);
    }
}
