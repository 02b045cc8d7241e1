package io.percept.access.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem documents written by the security chain, before any controller runs. */
final class Problems {

    private Problems() {
    }

    /** 401 with a {@code WWW-Authenticate: Bearer} challenge carrying {@code error}. */
    static void unauthorized(HttpServletResponse response, String error, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"percept\", error=\"" + error + "\"");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
    }

    static void forbidden(HttpServletResponse response, String detail) throws IOException {
        write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", detail);
    }

    static void tooManyRequests(HttpServletResponse response, String detail) throws IOException {
        write(response, 429, "Too Many Requests", detail);
    }

    private static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "'") + "\"}");
    }
}
