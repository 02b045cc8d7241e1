package io.percept.ingest.domain;

import io.percept.eventlog.Event;

/** The outcome of validating one message: an event, or the field that is wrong and why. */
public sealed interface Decoded {

    /** The message is valid. */
    record Accepted(Event event) implements Decoded {
    }

    /**
     * The message is invalid.
     *
     * @param field  the offending field, e.g. {@code "event"} or {@code "properties"}
     * @param reason what is wrong, in words a client developer can act on
     */
    record Rejected(String field, String reason) implements Decoded {
    }
}
