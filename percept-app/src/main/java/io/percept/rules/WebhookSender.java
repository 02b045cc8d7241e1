package io.percept.rules;

import io.percept.platform.Digests;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Posts one attempt of a delivery and classifies the answer. Thread-safe. */
final class WebhookSender {

    /**
     * An attempt's outcome.
     *
     * @param code       the HTTP status, null when no answer came
     * @param retryAfter the receiver's {@code Retry-After} on 429 and 503, else null
     */
    record Outcome(Integer code, String error, boolean delivered, boolean retryable, Duration retryAfter) {

        static Outcome ofStatus(int code, Duration retryAfter) {
            boolean delivered = code >= 200 && code < 300;
            boolean retryable = code == 408 || code == 429 || code >= 500;
            return new Outcome(code, delivered ? null : "HTTP " + code, delivered, retryable, code == 429 || code == 503 ? retryAfter : null);
        }

        static Outcome ofError(String error) {
            return new Outcome(null, error, false, true, null);
        }
    }

    private final HttpClient client;
    private final String signatureHeader;

    WebhookSender(DeliverySettings settings) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.signatureHeader = settings.signatureHeader();
    }

    /** Posts the delivery; {@code now} is the signature's timestamp. Interrupted: the attempt is abandoned. */
    Outcome send(Attempt attempt, Instant now) throws InterruptedException {
        byte[] body = attempt.payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(attempt.url).timeout(attempt.timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Percept-Webhooks")
                .header(Deliveries.IDEMPOTENCY_HEADER, attempt.idempotencyKey)
                .header("Percept-Rule", attempt.ruleId)
                .header("Percept-Delivery", Long.toString(attempt.id))
                .header("Percept-Attempt", Integer.toString(attempt.attempts));
        if (attempt.secret != null) {
            request.header(signatureHeader, signature(attempt.secret, now.getEpochSecond(), body));
        }
        try {
            HttpResponse<Void> response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Outcome.ofStatus(response.statusCode(), retryAfter(response.headers().firstValue("Retry-After").orElse(null), now));
        } catch (HttpTimeoutException e) {
            return Outcome.ofError("timed out after " + attempt.timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Outcome.ofError(e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** {@code t=<unix seconds>,v1=<lower-case hex HMAC-SHA256 of "<t>." followed by the body>}. */
    static String signature(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + Digests.hmacSha256Hex(secret, (unixSeconds + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return text.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
