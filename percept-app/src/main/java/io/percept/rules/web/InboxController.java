package io.percept.rules.web;

import io.percept.rules.WebhookInbox;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local webhook inbox ({@code percept.rules.inbox.enabled}): rules' webhooks posted to
 * {@code /api/rules/inbox/{name}} are kept in memory, newest first, with whether their signature
 * verified. A post needs a signature that verifies with the name's secret, or the admin token.
 */
@RestController
@RequestMapping("/api/rules/inbox")
@ConditionalOnBooleanProperty("percept.rules.inbox.enabled")
class InboxController {

    private static final List<String> HEADERS = List.of("Percept-Rule", "Percept-Idempotency-Key", "Percept-Attempt");

    private final WebhookInbox inbox;

    InboxController(WebhookInbox inbox) {
        this.inbox = inbox;
    }

    /** Keeps a webhook: 202 with its number and signature status ({@code verified}, {@code invalid}, {@code stale}, {@code missing}). */
    @PostMapping("/{name}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String name, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        requireName(name);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : HEADERS) {
            if (request.getHeader(header) != null) {
                headers.put(header, request.getHeader(header));
            }
        }
        WebhookInbox.Signature signature = Objects.requireNonNullElse(
                (WebhookInbox.Signature) request.getAttribute(InboxSignatureFilter.SIGNATURE_ATTRIBUTE), WebhookInbox.Signature.MISSING);
        WebhookInbox.Received received = inbox.receive(name, headers, body == null ? new byte[0] : body, signature);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", received.id());
        answer.put("signature", received.signature());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    /** The newest webhooks of every name, newest first. */
    @GetMapping
    List<WebhookInbox.Received> list(@RequestParam(defaultValue = "50") int limit) {
        return inbox.list(null, checked(limit));
    }

    /** The newest webhooks posted to {@code name}, newest first. */
    @GetMapping("/{name}")
    List<WebhookInbox.Received> list(@PathVariable String name, @RequestParam(defaultValue = "50") int limit) {
        requireName(name);
        return inbox.list(name, checked(limit));
    }

    private static void requireName(String name) {
        if (!WebhookInbox.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an inbox name is 1 to 64 of A-Z a-z 0-9 . _ -, was '" + name + "'");
        }
    }

    private static int checked(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
        return limit;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
