package io.percept.eventlog;

import java.util.regex.Pattern;

/**
 * The name of a source (a system or app that sends events with its own write key), e.g.
 * {@code web-shop} or {@code tmall-orders}.
 *
 * @param value 1 to 64 characters: lower-case letters, digits, {@code -} and {@code _}, starting
 *              with a letter or digit
 */
public record SourceName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Percept's own source, for control events such as splits and erasures; no client source may have it. */
    public static final SourceName PERCEPT = new SourceName("percept");

    public SourceName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("source name '" + value
                    + "' is invalid: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    /** Whether {@code value} is a valid source name. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
