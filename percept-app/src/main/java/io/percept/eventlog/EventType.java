package io.percept.eventlog;

import java.util.Locale;

/** The six Segment-spec call types. */
public enum EventType {
    /** Something the customer did ({@code event} names it). */
    TRACK,
    /** Who the customer is ({@code traits}). */
    IDENTIFY,
    /** A web page view. */
    PAGE,
    /** An app screen view. */
    SCREEN,
    /** The customer belongs to an account or organisation ({@code groupId}). */
    GROUP,
    /** Two identities are the same person ({@code previousId} becomes {@code userId}). */
    ALIAS;

    /** The lower-case name used on the wire, e.g. {@code "track"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type with this wire name, ignoring case; {@code null} if there is none.
     */
    public static EventType fromWireName(String name) {
        for (EventType type : values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
