package io.percept.access;

/** What a password must be: at least {@value #MIN_LENGTH} characters, at most {@value #MAX_LENGTH} (bcrypt reads 72 bytes), not blank. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 72;

    private PasswordPolicy() {
    }

    /** Why {@code password} is not acceptable, or {@code null} when it is. */
    public static String problem(String password) {
        if (password == null || password.isBlank()) {
            return "A password is required";
        }
        if (password.length() < MIN_LENGTH) {
            return "The password must be at least " + MIN_LENGTH + " characters long (it has " + password.length() + ")";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return "The password must be at most " + MAX_LENGTH + " bytes long";
        }
        return null;
    }

    /** @throws IllegalArgumentException with the reason when {@code password} is not acceptable */
    public static void check(String password) {
        String problem = problem(password);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
