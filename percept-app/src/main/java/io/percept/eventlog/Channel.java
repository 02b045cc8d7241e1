package io.percept.eventlog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a customer interaction happened. Every event has exactly one. */
public enum Channel {
    WEB, APP, ECOMMERCE, SOCIAL, IOT, SERVICE, SALES, STORE, SURVEY,
    /** Percept's own events about customers (segment entered or exited): in the log for rules and history, not part of any profile. */
    SYSTEM;

    /** The lower-case name used on the wire, e.g. {@code "ecommerce"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel with this wire name, ignoring case; {@code null} if there is none. */
    public static Channel fromWireName(String name) {
        for (Channel channel : values()) {
            if (channel.name().equalsIgnoreCase(name)) {
                return channel;
            }
        }
        return null;
    }

    /** The channel with this wire name, or an exception listing the valid names. */
    public static Channel parse(String name) {
        Channel channel = fromWireName(name);
        if (channel == null) {
            throw new IllegalArgumentException("unknown channel '" + name + "' (expected one of " + wireNames() + ")");
        }
        return channel;
    }

    /** {@code "web, app, ..."} for messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(Channel::wireName).collect(Collectors.joining(", "));
    }
}
