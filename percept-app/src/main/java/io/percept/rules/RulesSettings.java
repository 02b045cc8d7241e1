package io.percept.rules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the rules ({@code percept.rules.*}; deliveries have {@code percept.rules.delivery.*}).
 *
 * @param maxEventAge an event whose time is older than this when the rules see it (imported history,
 *                    a replay) updates windows but fires nothing
 * @param profileWait how long a rule with a condition waits for the profiles to take in its event
 * @param examples    load the shipped example rules at start (the demo turns this on)
 * @param cluster     cluster mode (Kafka actions allowed)
 */
@ConfigurationProperties("percept.rules")
public record RulesSettings(@DefaultValue("1h") Duration maxEventAge, @DefaultValue("2s") Duration profileWait,
        @DefaultValue("false") boolean examples, @DefaultValue("false") boolean cluster) {

    public RulesSettings {
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException("percept.rules.max-event-age must be positive, was " + maxEventAge);
        }
        if (profileWait.isNegative()) {
            throw new IllegalArgumentException("percept.rules.profile-wait must not be negative, was " + profileWait);
        }
    }
}
