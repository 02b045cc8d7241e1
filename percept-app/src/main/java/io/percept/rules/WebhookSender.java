package io.percept.rules;

import io.percept.platform.Digests;
import io.percept.platform.JsonValues;
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
import java.util.List;

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

    /**
     * Posts one delivery, or several that share a request as {@code {"batch": [{"idempotencyKey":
     * ..., "payload": ...}, ...]}} (with {@code Percept-Batch-Size} instead of the idempotency
     * header); {@code now} is the signature's timestamp. Interrupted: the attempt is abandoned.
     */
    Outcome send(List<Attempt> request, Instant now) throws InterruptedException {
        Attempt first = request.get(0);
        byte[] body = (request.size() == 1 ? first.payload : batchBody(request)).getBytes(StandardCharsets.UTF_8);
        int attempt = request.stream().mapToInt(one -> one.attempts).max().orElse(first.attempts);
        HttpRequest.Builder builder = HttpRequest.newBuilder(first.url).timeout(first.timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Percept-Webhooks")
                .header("Percept-Rule", first.ruleId)
                .header("Percept-Attempt", Integer.toString(attempt));
        if (request.size() == 1) {
            builder.header(Deliveries.IDEMPOTENCY_HEADER, first.idempotencyKey).header("Percept-Delivery", Long.toString(first.id));
        } else {
            builder.header("Percept-Batch-Size", Integer.toString(request.size()));
        }
        if (first.secret != null) {
            builder.header(signatureHeader, signature(first.secret, now.getEpochSecond(), body));
        }
        try {
            HttpResponse<Void> response = client.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Outcome.ofStatus(response.statusCode(), retryAfter(response.headers().firstValue("Retry-After").orElse(null), now));
        } catch (HttpTimeoutException e) {
            return Outcome.ofError("timed out after " + first.timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Outcome.ofError(e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The body of a batch: each delivery's key and its payload, embedded as the JSON it is. */
    private static String batchBody(List<Attempt> request) {
        StringBuilder body = new StringBuilder(request.stream().mapToInt(one -> one.payload.length() + 64).sum() + 16).append("{\"batch\":[");
        for (int i = 0; i < request.size(); i++) {
            Attempt one = request.get(i);
            body.append(i == 0 ? "" : ",").append("{\"idempotencyKey\":").append(JsonValues.toJson(one.idempotencyKey)).append(",\"delivery\":")
                    .append(one.id).append(",\"payload\":").append(one.payload).append('}');
        }
        return body.append("]}").toString();
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
