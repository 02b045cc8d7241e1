/**
 * Access: console users with roles (executive, analyst, frontline, admin) and a PII permission,
 * hashed passwords, the bootstrap admin and the demo users, the audit of logins, user
 * administration and PII views, and the one policy of which role may call which {@code /api}
 * endpoint, enforced by the Spring Security chain in {@code web}.
 */
@ApplicationModule(displayName = "Access", allowedDependencies = {"platform"})
package io.percept.access;

import org.springframework.modulith.ApplicationModule;
