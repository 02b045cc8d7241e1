package io.percept.rules.domain;

import java.util.Locale;

/**
 * Why a rule acts on a customer, its {@code purpose}: a {@link #MARKETING} rule acts only for profiles
 * with marketing consent; a {@link #SERVICE} rule (an inventory alert, a ticket about a complaint, a
 * tag for the service desk) acts for every profile. A rule that declares none is marketing when one of
 * its actions leaves Percept towards a customer-facing system or journey (a {@code webhook}, an
 * {@code emit}ted event, a {@code kafka} message), service otherwise ({@code alert}, {@code tag},
 * {@code segment}, {@code setTraits} only): see {@link Rule#purpose()}.
 */
public enum Purpose {

    /** Reaches the customer or promotes something (offers, recommendations, messages, marketing tools). */
    MARKETING,
    /** Operational: serves the customer or the business without promoting anything. */
    SERVICE;

    /** Its name in rule documents: {@code marketing} or {@code service}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The default purpose of a rule with {@code actions} that declares none. */
    static Purpose of(java.util.List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Webhook || action instanceof Action.Emit || action instanceof Action.Kafka) {
                return MARKETING;
            }
        }
        return SERVICE;
    }
}
