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
 * @param retention   firings and delivered webhooks older than this are deleted (hourly); dead
 *                    deliveries and alerts are kept
 */
@ConfigurationProperties("percept.rules")
public record RulesSettings(@DefaultValue("1h") Duration maxEventAge, @DefaultValue("2s") Duration profileWait,
        @DefaultValue("false") boolean examples, @DefaultValue("false") boolean cluster, @DefaultValue("30d") Duration retention) {

    public RulesSettings {
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException("percept.rules.max-event-age must be positive, was " + maxEventAge);
        }
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("percept.rules.retention must be at least 1h, was " + retention);
        }
        if (profileWait.isNegative()) {
            throw new IllegalArgumentException("percept.rules.profile-wait must not be negative, was " + profileWait);
        }
    }
}
