package io.percept.platform.web;

import io.percept.platform.AdminToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>}; otherwise answers
 * 401 with an RFC 9457 problem document and a {@code WWW-Authenticate} challenge. CORS preflight
 * requests pass, since browsers send them without credentials, and so do requests another filter
 * authenticated by its own means ({@link io.percept.platform.AdminToken#AUTHENTICATED_ATTRIBUTE}).
 */
public final class AdminTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final Predicate<String> tokenCheck;

    public AdminTokenFilter(Predicate<String> tokenCheck) {
        this.tokenCheck = tokenCheck;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("OPTIONS".equals(request.getMethod()) || Boolean.TRUE.equals(request.getAttribute(AdminToken.AUTHENTICATED_ATTRIBUTE))) {
            chain.doFilter(request, response);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(response, "invalid_request", "This API needs the admin token: send 'Authorization: Bearer <token>'.");
            return;
        }
        if (!tokenCheck.test(authorization.substring(BEARER.length()).strip())) {
            reject(response, "invalid_token", "The admin token is not valid.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void reject(HttpServletResponse response, String error, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"percept\", error=\"" + error + "\"");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + detail.replace("\"", "'") + "\"}");
    }
}
