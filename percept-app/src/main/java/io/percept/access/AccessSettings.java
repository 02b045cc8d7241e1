package io.percept.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of access ({@code percept.access.*}).
 *
 * @param adminPassword password of the {@code admin} user created at the first start with no users
 *                      ({@code PERCEPT_ADMIN_PASSWORD}); when blank one is generated into
 *                      {@code <dataDir>/admin-password}
 * @param secureCookies mark the session cookie {@code Secure} (set it behind HTTPS)
 * @param demoUsers     create the demo users (exec, analyst, frontline, demo-admin) if missing; the
 *                      {@code demo} command turns it on
 */
@ConfigurationProperties("percept.access")
public record AccessSettings(
        @DefaultValue("") String adminPassword,
        @DefaultValue("false") boolean secureCookies,
        @DefaultValue("false") boolean demoUsers) {
}
