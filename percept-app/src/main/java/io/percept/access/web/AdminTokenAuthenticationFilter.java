package io.percept.access.web;

import io.percept.access.Role;
import io.percept.platform.AdminToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On {@code /api}: {@code Authorization: Bearer <admin token>} authenticates the request (only
 * this one; nothing goes to the session) as {@value #PRINCIPAL} with role ADMIN; a bearer token that
 * is not the admin token is answered 401 at once. Requests without a bearer token pass on to the
 * session login.
 */
final class AdminTokenAuthenticationFilter extends OncePerRequestFilter {

    static final String PRINCIPAL = "admin-token";
    private static final String BEARER = "Bearer ";

    private final AdminToken token;

    AdminTokenAuthenticationFilter(AdminToken token) {
        this.token = token;
    }

    /** Whether the request presents a bearer token (valid or not). */
    static boolean hasBearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !hasBearer(request) || !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!token.matches(request.getHeader("Authorization").substring(BEARER.length()).strip())) {
            Problems.unauthorized(response, "invalid_token", "The admin token is not valid.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(PRINCIPAL, null,
                List.of(new SimpleGrantedAuthority(Role.ADMIN.authority()))));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
