package io.percept.platform;

/** How a secret (a password, a key, a token, a signing secret) shows in {@code toString()} and so in logs: never its value. */
public final class Secrets {

    private Secrets() {
    }

    /** {@code ***} for a secret that is set, {@code none} for one that is not. */
    public static String redacted(String secret) {
        return secret == null || secret.isEmpty() ? "none" : "***";
    }
}
