package io.percept.ingest;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import java.time.Instant;
import java.util.Objects;

/**
 * A system or app that sends events with its own write key, e.g. the web shop, the Tmall store
 * or the service desk.
 *
 * @param name      unique name
 * @param channel   the channel of its events unless an event names another
 * @param writeKey  the key it writes with
 * @param enabled   whether its key is accepted
 * @param createdAt when it was created
 */
public record Source(SourceName name, Channel channel, WriteKey writeKey, boolean enabled, Instant createdAt) {

    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(writeKey, "writeKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
