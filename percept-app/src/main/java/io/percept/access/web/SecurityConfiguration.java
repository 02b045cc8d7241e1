package io.percept.access.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.access.AccessAudit;
import io.percept.access.AccessSettings;
import io.percept.access.LoginThrottle;
import io.percept.access.Role;
import io.percept.access.Users;
import io.percept.access.Username;
import io.percept.platform.AdminToken;
import io.percept.platform.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one security chain. {@code /api/**}: the admin bearer token (ADMIN, per request) or a console
 * session, then the {@link AccessPolicy}; 401/403 as problem documents. {@code /console/**}: any
 * logged-in user, else the login page. Everything else (status page, {@code /v1} ingest with its
 * write keys, actuator health and metrics, OpenAPI documents and Swagger UI, static files) is open
 * as before. CSRF tokens are checked on state-changing requests that carry a session cookie (those
 * are the only ones a session can authenticate) and on the login form; never on bearer-token
 * requests, {@code /v1} ingest or inbox posts whose signature verified.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    static final String CONSOLE = "/console";
    /** Browser features no page of Percept uses, switched off for all of them. */
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
            + "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()";
    /**
     * The console's and the login page's sources: only its own scripts, styles, images and requests;
     * no inline script, no plugins, no framing, forms and {@code <base>} only to itself. Inline styles
     * are still allowed: a few bars are sized with style attributes, and htmx inserts its indicator
     * style.
     */
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    static final Duration HSTS_MAX_AGE = Duration.ofDays(365);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    AccessPolicy accessPolicy() {
        return new AccessPolicy();
    }

    @Bean
    SecurityFilterChain perceptSecurity(HttpSecurity http, AdminToken token, AccessPolicy policy, Users users, LoginThrottle throttle,
            AccessAudit audit, AccessSettings settings, MeterRegistry meters) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher api = paths.matcher("/api/**");
        RequestMatcher ingest = paths.matcher("/v1/**");
        RequestMatcher login = paths.matcher(HttpMethod.POST, "/login");
        RequestMatcher signedInbox = SecurityConfiguration::signedInbox;
        RequestMatcher csrfNeeded = request -> !SAFE_METHODS.contains(request.getMethod())
                && (login.matches(request) || request.getRequestedSessionId() != null)
                && !AdminTokenAuthenticationFilter.hasBearer(request) && !ingest.matches(request) && !signedInbox.matches(request);
        HttpSessionRequestCache consoleOnly = new HttpSessionRequestCache();
        consoleOnly.setRequestMatcher(paths.matcher(HttpMethod.GET, CONSOLE + "/**"));
        SavedRequestAwareAuthenticationSuccessHandler toConsole = new SavedRequestAwareAuthenticationSuccessHandler();
        toConsole.setDefaultTargetUrl(CONSOLE);
        toConsole.setRequestCache(consoleOnly);

        RequestMatcher pages = new OrRequestMatcher(paths.matcher(CONSOLE), paths.matcher(CONSOLE + "/**"), paths.matcher("/login"));
        http.addFilterAfter(new ApiAuditFilter(audit, policy), SecurityContextHolderFilter.class)
                .addFilterBefore(new AdminTokenAuthenticationFilter(token), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new ApiRateLimitFilter(new RateLimiter(settings.rateLimit().requestsPerSecond(), settings.rateLimit().burst()),
                        new RateLimiter(settings.rateLimit().adminTokenRequestsPerSecond(), settings.rateLimit().adminTokenBurst()), meters),
                        AnonymousAuthenticationFilter.class)
                .addFilterBefore(new LoginThrottleFilter(throttle, users, login), UsernamePasswordAuthenticationFilter.class)
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(csrfNeeded))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths.matcher(HttpMethod.OPTIONS, "/**")).permitAll()
                        .requestMatchers(api).access(policyManager(policy))
                        .requestMatchers(paths.matcher(CONSOLE), paths.matcher(CONSOLE + "/**")).authenticated()
                        .anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/login").loginProcessingUrl("/login")
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(authentication.getName(), request.getRemoteAddr());
                            users.loggedIn(new Username(authentication.getName()), request.getRemoteAddr());
                            toConsole.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, exception) -> {
                            throttle.failed(request.getParameter("username"), request.getRemoteAddr());
                            users.loginFailed(request.getParameter("username"), exception.getClass().getSimpleName(), request.getRemoteAddr());
                            response.sendRedirect(request.getContextPath() + "/login?error" + LoginPage.langParameter(request));
                        }))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .requestCache(cache -> cache.requestCache(consoleOnly))
                .httpBasic(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> {
                    headers.frameOptions(frame -> frame.deny())
                            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                            .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY))
                            .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(pages,
                                    new StaticHeadersWriter("Content-Security-Policy", CONSOLE_CSP)));
                    if (settings.secureCookies()) {
                        // behind HTTPS (that is what secure cookies say): tell browsers to use nothing else, also when the proxy
                        // in front does not mark the request as secure
                        headers.httpStrictTransportSecurity(hsts -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)
                                .maxAgeInSeconds(HSTS_MAX_AGE.toSeconds()).includeSubDomains(false));
                    } else {
                        headers.httpStrictTransportSecurity(hsts -> hsts.disable());
                    }
                })
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor((request, response, exception) -> Problems.unauthorized(response, "invalid_request",
                                "This API needs a console login or the admin token: send 'Authorization: Bearer <token>'."), api)
                        .defaultAccessDeniedHandlerFor((request, response, exception) -> Problems.forbidden(response,
                                exception.getClass().getSimpleName().contains("Csrf")
                                        ? "The CSRF token is missing or wrong: send it in header X-CSRF-TOKEN (GET /api/session has it)."
                                        : "Your roles may not do this."), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE));
        return http.build();
    }

    /** An inbox post whose signature the rules' own filter verified (it runs before this chain). */
    private static boolean signedInbox(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(AdminToken.AUTHENTICATED_ATTRIBUTE));
    }

    private static AuthorizationManager<RequestAuthorizationContext> policyManager(AccessPolicy policy) {
        return (authentication, context) -> {
            HttpServletRequest request = context.getRequest();
            if (signedInbox(request)) {
                return new AuthorizationDecision(true);
            }
            Authentication who = authentication.get();
            if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
                return new AuthorizationDecision(false);
            }
            Set<Role> allowed = policy.allowed(request.getMethod(), request.getRequestURI().substring(request.getContextPath().length()));
            for (GrantedAuthority authority : who.getAuthorities()) {
                for (Role role : allowed) {
                    if (role.authority().equals(authority.getAuthority())) {
                        return new AuthorizationDecision(true);
                    }
                }
            }
            return new AuthorizationDecision(false);
        };
    }
}
