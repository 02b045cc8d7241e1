package io.percept.ingest.domain;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import java.time.Instant;
import java.util.Objects;

/**
 * What the server knows about a message beyond its own fields.
 *
 * @param source       the source whose write key sent it
 * @param channel      the source's channel, used when the message names none
 * @param receivedAt   when the request arrived
 * @param batchSentAt  {@code sentAt} of the enclosing batch, or {@code null}
 */
public record MessageDefaults(SourceName source, Channel channel, Instant receivedAt, Instant batchSentAt) {

    public MessageDefaults {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
