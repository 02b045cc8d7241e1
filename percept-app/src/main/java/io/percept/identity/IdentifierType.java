package io.percept.identity;

import java.util.regex.Pattern;

/**
 * A kind of identifier: the built-in {@code user_id}, {@code email}, {@code phone},
 * {@code device_id}, {@code anonymous_id}, or a custom one declared in settings (e.g.
 * {@code wechat_openid}).
 *
 * @param name 1-32 lower-case letters, digits or '_', starting with a letter
 */
public record IdentifierType(String name) {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public static final IdentifierType USER_ID = new IdentifierType("user_id");
    public static final IdentifierType EMAIL = new IdentifierType("email");
    public static final IdentifierType PHONE = new IdentifierType("phone");
    public static final IdentifierType DEVICE_ID = new IdentifierType("device_id");
    public static final IdentifierType ANONYMOUS_ID = new IdentifierType("anonymous_id");

    public IdentifierType {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("identifier type '" + name + "' is invalid: use 1-32 lower-case letters, digits or '_', "
                    + "starting with a letter");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
