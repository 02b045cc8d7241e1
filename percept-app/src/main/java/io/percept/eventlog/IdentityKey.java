package io.percept.eventlog;

/**
 * The key that places an event in a partition of a partitioned log: the customer's user id when the
 * event has one, else its anonymous id, with the kind as a prefix so a user id never collides with
 * an anonymous id of the same text. Every event has one ({@link Event} requires a user or an
 * anonymous id), so one person's events, once logged in, stay in one partition and in order;
 * a visitor's anonymous events before login may sit in another partition (identity resolution
 * joins them, whichever partition they came from).
 */
public final class IdentityKey {

    private IdentityKey() {
    }

    public static String of(Event event) {
        return event.userId() != null ? "u:" + event.userId() : "a:" + event.anonymousId();
    }
}
