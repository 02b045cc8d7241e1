package io.percept.ingest.domain;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.WriteKey;
import java.util.Objects;

/** A source declared in configuration: name, channel and write key. */
public record SourceSpec(SourceName name, Channel channel, WriteKey writeKey) {

    public SourceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(writeKey, "writeKey");
    }
}
