package io.percept.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for checksums, deterministic identifiers and constant-time secret comparison. */
public final class Digests {

    private Digests() {
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Compares two secrets in time independent of where they differ (both are hashed first, so
     * their lengths leak nothing either).
     */
    public static boolean secretsEqual(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected.getBytes(StandardCharsets.UTF_8)), sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }
}
