package io.percept.access.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.percept.platform.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per caller on {@code /api/**} and {@code /console/**}: the signed-in user's name,
 * or {@code admin-token}. Beyond the limit a 429 problem document with {@code Retry-After} (whole
 * seconds), counted in {@code percept_access_rate_limited_total{area}}. Runs after authentication
 * and before authorization; anonymous requests are not limited here (they get 401 or the login page).
 */
final class ApiRateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter users;
    private final RateLimiter adminToken;
    private final Counter api;
    private final Counter console;

    /** {@code users}: a bucket per signed-in user; {@code adminToken}: the admin token's bucket. */
    ApiRateLimitFilter(RateLimiter users, RateLimiter adminToken, MeterRegistry meters) {
        this.users = users;
        this.adminToken = adminToken;
        this.api = counter(meters, "api");
        this.console = counter(meters, "console");
    }

    private static Counter counter(MeterRegistry meters, String area) {
        return Counter.builder("percept.access.rate.limited").tag("area", area)
                .description("Requests refused with 429 by the per-user rate limit").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!users.enabled() && !adminToken.enabled()) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") && !path.equals(SecurityConfiguration.CONSOLE) && !path.startsWith(SecurityConfiguration.CONSOLE + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        RateLimiter limiter = AdminTokenAuthenticationFilter.PRINCIPAL.equals(who.getName()) && AdminTokenAuthenticationFilter.hasBearer(request)
                ? adminToken : users;
        long retryAfter = limiter.acquire(who.getName());
        if (retryAfter == 0) {
            chain.doFilter(request, response);
            return;
        }
        boolean isApi = request.getRequestURI().startsWith(request.getContextPath() + "/api/");
        (isApi ? api : console).increment();
        response.setHeader("Retry-After", Long.toString(retryAfter));
        Problems.tooManyRequests(response, "'" + who.getName() + "' sends more than the rate limit of " + limiter.describe() + "; retry after "
                + retryAfter + " s.");
    }
}
