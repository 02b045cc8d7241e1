package io.percept.rules;

import io.percept.platform.Secrets;
import java.net.URI;
import java.time.Duration;

/**
 * A webhook to deliver: {@code payloadJson} posted to {@code url}, signed with {@code secret}.
 *
 * @param ruleId         the rule that fired
 * @param idempotencyKey unique per (rule, triggering event), e.g. {@code ruleId + ":" + eventId}
 *                       (at most 200 characters); sent as {@value Deliveries#IDEMPOTENCY_HEADER}
 *                       and unique in the store: enqueueing a key again stores nothing new
 * @param url            an absolute http or https URL
 * @param secret         the HMAC-SHA256 key of the signature header; null sends no signature
 * @param payloadJson    the request body, sent byte for byte as UTF-8
 * @param timeout        the limit of each attempt (connect and response); null for the default
 * @param maxAttempts    attempts before the delivery is dead, 1 to 100; 0 for the default
 * @param batch          how many deliveries of the same URL and secret one request may carry, 1 to
 *                       1000; a batch is sent as {@code {"batch": [{"idempotencyKey": ..., "payload":
 *                       ...}, ...]}} without the idempotency header
 */
public record Delivery(String ruleId, String idempotencyKey, URI url, String secret, String payloadJson, Duration timeout, int maxAttempts,
        int batch) {

    /** A delivery sent alone. */
    public Delivery(String ruleId, String idempotencyKey, URI url, String secret, String payloadJson, Duration timeout, int maxAttempts) {
        this(ruleId, idempotencyKey, url, secret, payloadJson, timeout, maxAttempts, 1);
    }

    public Delivery {
        require(ruleId != null && !ruleId.isBlank(), "a rule id");
        require(idempotencyKey != null && !idempotencyKey.isBlank() && idempotencyKey.length() <= 200,
                "an idempotency key of 1 to 200 characters, was " + idempotencyKey);
        require(url != null && url.isAbsolute() && url.getHost() != null
                && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())),
                "an absolute http(s) URL, was " + url);
        require(secret == null || !secret.isEmpty(), "a non-empty secret or none");
        // a cheap check (no scan of the body): deliveries are built per firing
        require(payloadJson != null && !payloadJson.isEmpty() && (payloadJson.charAt(0) == '{' || payloadJson.charAt(0) == '['),
                "a JSON object or array as payload");
        require(timeout == null || !timeout.isNegative() && !timeout.isZero(), "a positive timeout, was " + timeout);
        require(maxAttempts >= 0 && maxAttempts <= 100, "max attempts of 1 to 100 (0 for the default), was " + maxAttempts);
        require(batch >= 1 && batch <= 1000, "a batch of 1 to 1000, was " + batch);
    }

    /** A delivery with the default timeout and attempts. */
    public static Delivery of(String ruleId, String idempotencyKey, URI url, String secret, String payloadJson) {
        return new Delivery(ruleId, idempotencyKey, url, secret, payloadJson, null, 0);
    }

    /** The queue the delivery waits in: {@code scheme://host:port}, lower case. */
    String destination() {
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("A delivery needs " + what);
        }
    }

    @Override
    public String toString() {
        return "Delivery[ruleId=" + ruleId + ", idempotencyKey=" + idempotencyKey + ", url=" + url + ", secret=" + Secrets.redacted(secret)
                + ", payload of " + payloadJson.length() + " chars, timeout=" + timeout + ", maxAttempts=" + maxAttempts + ", batch=" + batch + "]";
    }
}
