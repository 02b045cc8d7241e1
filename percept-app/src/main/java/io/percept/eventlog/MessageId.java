package io.percept.eventlog;

/**
 * The client's unique id of a message (Segment's {@code messageId}), used to deduplicate retries.
 *
 * @param value 1 to {@value #MAX_LENGTH} characters, not blank
 */
public record MessageId(String value) {

    public static final int MAX_LENGTH = 256;

    public MessageId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("messageId must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("messageId must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
