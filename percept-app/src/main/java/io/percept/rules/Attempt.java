package io.percept.rules;

import java.net.URI;
import java.time.Duration;

/**
 * A stored delivery held in memory while it is queued, in flight or waiting for a retry. Only the
 * thread working on it touches {@link #attempts}; hand-offs go through executors.
 */
final class Attempt {

    final long id;
    final String ruleId;
    final String idempotencyKey;
    final URI url;
    final String destination;
    final String secret;
    final String payload;
    final Duration timeout;
    final int maxAttempts;
    /** How many deliveries of the same URL and secret one request may carry. */
    final int batch;
    /** {@link System#nanoTime()} at enqueue, for the delivery's latency. */
    final long enqueuedNanos;
    int attempts;

    Attempt(long id, String ruleId, String idempotencyKey, URI url, String destination, String secret, String payload, Duration timeout,
            int maxAttempts, int batch, int attempts, long enqueuedNanos) {
        this.id = id;
        this.ruleId = ruleId;
        this.idempotencyKey = idempotencyKey;
        this.url = url;
        this.destination = destination;
        this.secret = secret;
        this.payload = payload;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.batch = batch;
        this.attempts = attempts;
        this.enqueuedNanos = enqueuedNanos;
    }

    /** Whether one request may carry both: same URL and secret, and batching allowed. */
    boolean batchesWith(Attempt other) {
        return batch > 1 && other.batch > 1 && url.equals(other.url) && java.util.Objects.equals(secret, other.secret);
    }

    static Attempt of(long id, Delivery delivery, DeliverySettings settings, long nowNanos) {
        return new Attempt(id, delivery.ruleId(), delivery.idempotencyKey(), delivery.url(), delivery.destination(), delivery.secret(),
                delivery.payloadJson(), delivery.timeout() == null ? settings.timeout() : delivery.timeout(),
                delivery.maxAttempts() == 0 ? settings.maxAttempts() : delivery.maxAttempts(), delivery.batch(), 0, nowNanos);
    }
}
