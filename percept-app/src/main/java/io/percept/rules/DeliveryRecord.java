package io.percept.rules;

import java.net.URI;
import java.time.Instant;

/**
 * A stored delivery as {@link Deliveries#list} shows it (without its payload and secret).
 *
 * @param destination   the queue it waits in, {@code scheme://host:port}
 * @param nextAttemptAt when a pending delivery is due
 * @param deliveredAt   when a receiver answered 2xx, else null
 * @param lastCode      the HTTP status of the last attempt, null when none was received
 * @param lastError     why the last attempt failed, null when it did not
 */
public record DeliveryRecord(long id, String ruleId, String idempotencyKey, URI url, String destination, DeliveryStatus status, int attempts,
        int maxAttempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Integer lastCode, String lastError) {
}
