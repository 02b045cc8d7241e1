package io.percept.rules.web;

import io.percept.platform.AdminToken;
import io.percept.rules.WebhookInbox;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the security chain (module access) on {@code POST /api/rules/inbox/{name}}: reads the body (at
 * most {@value #MAX_BODY} bytes), checks its {@code Percept-Signature} with the name's secret and
 * keeps the outcome for the controller. A webhook whose signature verifies needs no admin token
 * (Percept's own deliveries carry none); any other post still does.
 */
final class InboxSignatureFilter extends OncePerRequestFilter {

    static final String PREFIX = "/api/rules/inbox/";
    static final String SIGNATURE_ATTRIBUTE = InboxSignatureFilter.class.getName() + ".signature";
    static final int MAX_BODY = 1 << 20;

    private final WebhookInbox inbox;
    private final String signatureHeader;

    InboxSignatureFilter(WebhookInbox inbox, String signatureHeader) {
        this.inbox = inbox;
        this.signatureHeader = signatureHeader;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !path.startsWith(PREFIX)
                || !WebhookInbox.NAME.matcher(path.substring(PREFIX.length())).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The inbox keeps bodies of at most 1 MiB.");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        WebhookInbox.Signature signature = inbox.check(path.substring(PREFIX.length()), request.getHeader(signatureHeader), body);
        request.setAttribute(SIGNATURE_ATTRIBUTE, signature);
        if (signature == WebhookInbox.Signature.VERIFIED) {
            request.setAttribute(AdminToken.AUTHENTICATED_ATTRIBUTE, Boolean.TRUE);
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** The request with its body, already read, to read again. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the inbox reads bodies blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
