package io.percept.access.web;

import io.percept.access.AccessAudit;
import io.percept.platform.AdminToken;
import io.percept.platform.JsonValues;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Audits the API: every state-changing request ({@code POST PUT PATCH DELETE} on {@code /api/**}),
 * allowed or refused, as {@code api.<METHOD>} with the endpoint's pattern and variables and the
 * status; every successful read of a profile's personal data as {@code pii.viewed}, and its export as
 * {@code profile.exported}, with the profile id. Never bodies, headers or query strings (they may
 * carry passwords and keys). Runs inside the security chain right after the context is loaded, so
 * it sees refusals by the later filters and knows who was calling. Entries are queued
 * ({@link AccessAudit#recordLater}); the request waits for no insert.
 */
final class ApiAuditFilter extends OncePerRequestFilter {

    static final String ANONYMOUS = "anonymous";
    /** A webhook post to the rules' inbox whose signature verified. */
    static final String SIGNED = "signed-webhook";
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String BY_IDENTIFIER = "/api/profiles/by-identifier/{type}/{value:.+}";
    /** Reads of one profile's personal data and what each is audited as. */
    private static final Map<String, String> PII_READS = Map.of(
            "/api/profiles/{id}", "pii.viewed",
            "/api/profiles/{id}/events", "pii.viewed",
            BY_IDENTIFIER, "pii.viewed",
            "/api/profiles/{id}/export", "profile.exported");
    private static final int MAX_VALUE = 120;

    private final AccessAudit audit;
    private final AccessPolicy policy;

    ApiAuditFilter(AccessAudit audit, AccessPolicy policy) {
        this.audit = audit;
        this.policy = policy;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<AccessPolicy.Route> route = policy.route(method, path);
        if (MUTATING.contains(method)) {
            try {
                chain.doFilter(request, response);
            } finally {
                audit.recordLater(actor(request), "api." + method, route.map(ApiAuditFilter::target).orElse(clean(path, 200)),
                        Integer.toString(response.getStatus()));
            }
            return;
        }
        String action = "GET".equals(method) ? route.map(found -> PII_READS.get(found.pattern())).orElse(null) : null;
        if (action == null) {
            chain.doFilter(request, response);
            return;
        }
        AccessPolicy.Route read = route.get();
        if (BY_IDENTIFIER.equals(read.pattern())) {
            // the identifier (a phone number, an email) is itself personal data: the audit names the profile it found
            ContentCachingResponseWrapper cached = new ContentCachingResponseWrapper(response);
            try {
                chain.doFilter(request, cached);
                if (cached.getStatus() == 200) {
                    audit.recordLater(actor(request), action, "profile:" + profileId(cached.getContentAsByteArray()), read.pattern());
                }
            } finally {
                cached.copyBodyToResponse();
            }
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == 200) {
            audit.recordLater(actor(request), action, "profile:" + clean(read.variables().get("id"), MAX_VALUE), read.pattern());
        }
    }

    /** The {@code id} of the profile document answered, or {@code ?} when the answer is not one (still audited). */
    private static String profileId(byte[] answer) {
        try {
            Object id = JsonValues.parseObject(answer).get("id");
            return id instanceof Number ? id.toString() : "?";
        } catch (RuntimeException notJson) {
            return "?";
        }
    }

    private static String actor(HttpServletRequest request) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)) {
            return who.getName();
        }
        return Boolean.TRUE.equals(request.getAttribute(AdminToken.AUTHENTICATED_ATTRIBUTE)) ? SIGNED : ANONYMOUS;
    }

    private static String target(AccessPolicy.Route route) {
        StringBuilder text = new StringBuilder(route.pattern());
        route.variables().forEach((name, value) -> text.append(' ').append(name).append('=').append(clean(value, MAX_VALUE)));
        return text.toString();
    }

    /** At most {@code max} characters, control characters replaced: the value comes from the client. */
    private static String clean(String value, int max) {
        if (value == null) {
            return "";
        }
        String shown = value.length() > max ? value.substring(0, max) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
