package io.percept.access;

import java.util.Locale;
import java.util.regex.Pattern;

/** A user's login name: 1–64 of letters, digits, '.', '_', '-', '@', kept lower-case so names are unique regardless of case. */
public record Username(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    public Username {
        if (value == null) {
            throw new IllegalArgumentException("A username is required");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("A username is 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit: '"
                    + value + "'");
        }
        if (value.equals("audit")) {
            throw new IllegalArgumentException("'audit' is reserved");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
