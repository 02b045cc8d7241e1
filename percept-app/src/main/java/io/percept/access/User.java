package io.percept.access;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A console user as shown to clients: never the password hash.
 *
 * @param pii         may see unmasked phone numbers, emails and names (admins always may)
 * @param lastLoginAt {@code null} before the first login
 */
public record User(Username username, String displayName, Set<Role> roles, boolean pii, boolean disabled, Instant createdAt,
        Instant updatedAt, Instant lastLoginAt) {

    public User {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("A user needs at least one role: executive, analyst, frontline or admin");
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        displayName = displayName == null || displayName.isBlank() ? username.value() : displayName.strip();
        if (displayName.length() > 100) {
            throw new IllegalArgumentException("A display name has at most 100 characters");
        }
    }

    /** Whether this user may see unmasked PII: with the permission or as an admin. */
    public boolean seesPii() {
        return pii || roles.contains(Role.ADMIN);
    }
}
