package io.percept.ingest;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The key a client sends (as HTTP Basic user or {@code writeKey} in the body) to write to one
 * source. Not a strong secret (browser snippets expose it) but never logged in full.
 *
 * @param value 8-128 characters from {@code A-Z a-z 0-9 . _ ~ -}
 */
public record WriteKey(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~-]{8,128}");
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public WriteKey {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("a write key must be 8-128 characters from A-Z a-z 0-9 . _ ~ -");
        }
    }

    /** A new random key of 32 characters (about 186 bits). */
    public static WriteKey generate() {
        char[] key = new char[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new WriteKey(new String(key));
    }

    /** The first four characters and the length, for logs. */
    public String masked() {
        return value.substring(0, 4) + "…(" + value.length() + " chars)";
    }

    @Override
    public String toString() {
        return masked();
    }
}
