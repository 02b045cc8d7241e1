package io.percept.eventlog;

import java.util.Objects;

/**
 * An event with its position in the log.
 *
 * @param seq   the sequence number: positive, strictly increasing in log order
 * @param event the event
 */
public record LoggedEvent(long seq, Event event) {

    public LoggedEvent {
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive, was " + seq);
        }
        Objects.requireNonNull(event, "event");
    }
}
