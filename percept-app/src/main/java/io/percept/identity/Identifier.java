package io.percept.identity;

import java.util.Objects;

/**
 * One identifier value of a person, already normalised (see {@code docs/identity.md}).
 *
 * @param type  its kind
 * @param value 1 to 256 characters
 */
public record Identifier(IdentifierType type, String value) {

    /** Longest identifier value accepted. */
    public static final int MAX_LENGTH = 256;

    public Identifier {
        Objects.requireNonNull(type, "type");
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an identifier value must have 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
