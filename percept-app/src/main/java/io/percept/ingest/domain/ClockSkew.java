package io.percept.ingest.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Segment's clock-skew correction. A client stamps an event with its own clock
 * ({@code originalTimestamp}, or {@code timestamp} when that is all it sends) and stamps the
 * request when sending it ({@code sentAt}). Sending and receiving are taken to be simultaneous,
 * so {@code receivedAt - sentAt} is the client clock's error, and the event happened at
 * {@code receivedAt - (sentAt - originalTimestamp)}.
 *
 * <p>Without {@code sentAt} (server-side imports of history) the client's timestamp is trusted as
 * it is; without any client timestamp the event happened when it was received.
 */
public final class ClockSkew {

    private ClockSkew() {
    }

    /**
     * The corrected time of an event.
     *
     * @param original   the client's timestamp for the event, or {@code null}
     * @param sentAt     the client's send time, or {@code null}
     * @param receivedAt the server's receive time; not {@code null}
     */
    public static Instant correct(Instant original, Instant sentAt, Instant receivedAt) {
        if (original == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return original;
        }
        return receivedAt.minus(Duration.between(original, sentAt));
    }
}
