package io.percept.rules.domain;

import java.time.Duration;
import java.util.Map;

/**
 * {@code throttle: {max: 1, per: 24h}}: at most {@code max} recorded firings of the rule per
 * profile in any period of length {@code per}.
 *
 * @param max from 1 to 1000
 * @param per the period, above 0 and at most 365 days
 */
public record Throttle(int max, Duration per) {

    static final Duration LONGEST = Duration.ofDays(365);

    public Throttle {
        if (max < 1 || max > 1000) {
            throw new IllegalArgumentException("max must be from 1 to 1000");
        }
        if (per == null || per.isNegative() || per.isZero() || per.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("per must be above 0 and at most 365d");
        }
    }

    /** This throttle as a document object. */
    public Map<String, Object> toDocument() {
        return Documents.of("max", max, "per", Durations.format(per));
    }
}
