package io.percept.eventlog;

import io.percept.eventlog.persistence.EventCodec;

/**
 * The stored JSON form of events: Segment-spec JSON with Percept's {@code source},
 * {@code channel} and {@code receivedAt}, exactly as the log holds it.
 */
public final class EventJson {

    private EventJson() {
    }

    /** The event as the log stores it. */
    public static String write(Event event) {
        return EventCodec.encode(event);
    }

    /**
     * The event stored as {@code json}.
     *
     * @throws IllegalArgumentException if it is not a stored event
     */
    public static Event read(String json) {
        return EventCodec.decode(json);
    }
}
