package io.percept.rules.domain;

import io.percept.eventlog.Event;
import java.util.Objects;

/**
 * A rule that is due to act for a profile, as {@link RuleEngine#onEvent} and {@link RuleEngine#due}
 * propose it. The caller checks the rule's condition and then {@link RuleEngine#record records} it
 * before acting.
 *
 * @param rule           the rule
 * @param profileKey     the profile, as the caller keys it
 * @param trigger        the event that triggered the rule (for an absence rule, the event that armed the timer)
 * @param atMicros       when it fired, in epoch microseconds: the {@code nowMicros} of {@code onEvent}, or
 *                       the timer's due time (trigger time + T) for an absence
 * @param idempotencyKey {@code <rule id>:<trigger message id>} ({@link Rule#idempotencyKey}), for the
 *                       actions' receivers to drop repeats after a replay
 */
public record Firing(Rule rule, String profileKey, Event trigger, long atMicros, String idempotencyKey) {

    public Firing {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(profileKey, "profileKey");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    Firing(Rule rule, String profileKey, Event trigger, long atMicros) {
        this(rule, profileKey, trigger, atMicros, rule.idempotencyKey(trigger));
    }
}
