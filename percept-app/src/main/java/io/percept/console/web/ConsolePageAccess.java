package io.percept.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Keeps each console page to its roles ({@link ConsolePages#ROLES}): the front line, whose work is
 * the customer pages, is sent there from the overview; any other page not meant for the user is a
 * 403 page that says so ({@link PageNotForYou}, answered by {@link ConsoleLayout}).
 */
final class ConsolePageAccess implements HandlerInterceptor {

    /** The page is not for the signed-in user's roles. */
    static final class PageNotForYou extends RuntimeException {

        PageNotForYou(String page) {
            super(page);
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (request.getUserPrincipal() == null) {
            return true;
        }
        String page = ConsolePages.pageOf(request.getRequestURI().substring(request.getContextPath().length()));
        if (ConsolePages.allowed(page, request)) {
            return true;
        }
        if ("overview".equals(page) && "GET".equals(request.getMethod()) && ConsolePages.allowed("customers", request)) {
            response.sendRedirect(request.getContextPath() + "/console/customers");
            return false;
        }
        if (!(handler instanceof HandlerMethod)) {
            // no controller of the console matched (a static file, a mistyped path): the notice page's handler is not in play
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return false;
        }
        throw new PageNotForYou(page);
    }
}
