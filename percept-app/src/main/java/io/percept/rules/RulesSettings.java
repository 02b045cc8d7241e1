package io.percept.rules;

import io.percept.platform.Secrets;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the rules ({@code percept.rules.*}; deliveries have {@code percept.rules.delivery.*}).
 *
 * @param maxEventAge an event whose time is older than this when the rules see it (imported history,
 *                    a replay) updates windows but fires nothing
 * @param profileWait how long a rule with a condition waits for the profiles to take in its event
 * @param examples    load the shipped example rules at start (the demo turns this on)
 * @param examplesBaseUrl where the examples' webhooks go: their URLs' base {@code https://hooks.example.com/percept}
 *                    is replaced with this; {@code null} for the local inbox when it is enabled, else that base
 * @param examplesAbsence the length of the examples' absence windows (the cart's 2 hours); {@code null} keeps them
 * @param cluster     cluster mode (Kafka actions allowed)
 * @param retention   firings and delivered webhooks older than this are deleted (hourly); dead
 *                    deliveries and alerts are kept
 * @param inbox       the local webhook inbox
 */
@ConfigurationProperties("percept.rules")
public record RulesSettings(@DefaultValue("1h") Duration maxEventAge, @DefaultValue("2s") Duration profileWait,
        @DefaultValue("false") boolean examples, String examplesBaseUrl, Duration examplesAbsence, @DefaultValue("false") boolean cluster,
        @DefaultValue Inbox inbox, @DefaultValue("30d") Duration retention) {

    /**
     * The local webhook inbox ({@code percept.rules.inbox.*}): {@code /api/rules/inbox/{name}} keeps
     * the newest webhooks posted to it, for demos and for trying rules without a receiver.
     *
     * @param enabled whether it answers (the demo turns it on)
     * @param keep    how many webhooks it keeps per name, newest first (1 to 100,000)
     * @param secret  the secret webhooks to any name are signed with; blank for one derived from the admin token per name
     * @param secrets secrets of single names, over {@code secret}
     */
    public record Inbox(@DefaultValue("false") boolean enabled, @DefaultValue("500") int keep, @DefaultValue("") String secret,
            Map<String, String> secrets) {

        public Inbox {
            if (keep < 1 || keep > 100_000) {
                throw new IllegalArgumentException("percept.rules.inbox.keep must be 1 to 100000, was " + keep);
            }
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }

        @Override
        public String toString() {
            return "Inbox[enabled=" + enabled + ", keep=" + keep + ", secret=" + Secrets.redacted(secret) + ", secrets of " + new java.util.TreeSet<>(
                    secrets.keySet()) + "]";
        }
    }

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
        if (examplesAbsence != null && (examplesAbsence.isNegative() || examplesAbsence.isZero())) {
            throw new IllegalArgumentException("percept.rules.examples-absence must be positive, was " + examplesAbsence);
        }
    }
}
