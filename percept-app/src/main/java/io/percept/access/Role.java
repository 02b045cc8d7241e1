package io.percept.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a console user may do; a user holds one or more (the policy: {@code web.AccessPolicy}, docs/access.md). */
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

    /**
     * Roles by name in any case; at least one.
     *
     * @throws IllegalArgumentException when none is given or a name is unknown
     */
    public static Set<Role> parseAll(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("A user needs at least one role: executive, analyst, frontline or admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(name -> roles.add(parse(name)));
        return roles;
    }

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
