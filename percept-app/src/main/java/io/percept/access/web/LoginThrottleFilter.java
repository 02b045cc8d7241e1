package io.percept.access.web;

import io.percept.access.LoginThrottle;
import io.percept.access.Users;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login post while {@link LoginThrottle} holds its user name or address back, before the
 * password is checked: the login page again saying for how many minutes (the attempt is audited).
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final Users users;
    private final RequestMatcher login;

    LoginThrottleFilter(LoginThrottle throttle, Users users, RequestMatcher login) {
        this.throttle = throttle;
        this.users = users;
        this.login = login;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !login.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String username = request.getParameter("username");
        Optional<Duration> locked = throttle.locked(username, request.getRemoteAddr());
        if (locked.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long minutes = Math.max(1, (locked.get().toSeconds() + 59) / 60);
        users.loginFailed(username, "Throttled", request.getRemoteAddr());
        response.sendRedirect(request.getContextPath() + "/login?locked=" + minutes + LoginPage.langParameter(request));
    }
}
