package io.percept.access;

import io.percept.platform.Secrets;
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
 * @param rateLimit     requests per user (or the admin token) on {@code /api/**} and {@code /console/**}
 */
@ConfigurationProperties("percept.access")
public record AccessSettings(
        @DefaultValue("") String adminPassword,
        @DefaultValue("false") boolean secureCookies,
        @DefaultValue("false") boolean demoUsers,
        @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per signed-in user on the API and the console, and one for the admin token:
     * beyond it 429 with {@code Retry-After}. A person clicking through the console sends a few
     * requests a second (a page and its htmx calls); the admin token is what scripts and
     * integrations use, reading profiles one after another, so its default is ten times higher.
     *
     * @param requestsPerSecond           sustained requests per second and user; 0 turns the limit off
     * @param burst                       requests a user may send at once after a pause
     * @param adminTokenRequestsPerSecond sustained requests per second with the admin token; 0 turns its limit off
     * @param adminTokenBurst             requests the admin token may send at once after a pause
     */
    public record RateLimit(@DefaultValue("100") double requestsPerSecond, @DefaultValue("1000") int burst,
            @DefaultValue("1000") double adminTokenRequestsPerSecond, @DefaultValue("10000") int adminTokenBurst) {

        public RateLimit {
            if (requestsPerSecond < 0 || requestsPerSecond > 0 && burst < 1) {
                throw new IllegalArgumentException("percept.access.rate-limit: requests-per-second must be >= 0 (0 = off) and burst >= 1");
            }
            if (adminTokenRequestsPerSecond < 0 || adminTokenRequestsPerSecond > 0 && adminTokenBurst < 1) {
                throw new IllegalArgumentException("percept.access.rate-limit: admin-token-requests-per-second must be >= 0 (0 = off) and "
                        + "admin-token-burst >= 1");
            }
        }

        /** No limit. */
        public static RateLimit off() {
            return new RateLimit(0, 0, 0, 0);
        }
    }

    @Override
    public String toString() {
        return "AccessSettings[adminPassword=" + Secrets.redacted(adminPassword) + ", secureCookies=" + secureCookies + ", demoUsers=" + demoUsers
                + ", rateLimit=" + rateLimit + "]";
    }
}
