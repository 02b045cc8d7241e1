package io.percept.access;

import java.util.Locale;

/** What a console user may do; a user holds one or more (the policy: {@code web.AccessPolicy}, docs/pending/access.md). */
public enum Role {
    /** Leadership: reads insight, voice of the customer, predictions, segments, rule stats and alerts. */
    EXECUTIVE,
    /** Executive reads plus segment editing, rule reading, validation and dry runs, import reports. */
    ANALYST,
    /** Sales and service staff: customer 360 (profiles, their predictions) and the customers' verbatims. */
    FRONTLINE,
    /** Everything, including users, sources, rule editing, imports, connectors and the demo's live stream. */
    ADMIN;

    /** The role named {@code name}, in any case. */
    public static Role parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown role '" + name + "': use executive, analyst, frontline or admin");
        }
    }

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
