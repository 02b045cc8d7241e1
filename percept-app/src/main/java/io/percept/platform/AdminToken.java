package io.percept.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the admin API. Taken from configuration ({@code PERCEPT_ADMIN_TOKEN}) when
 * set; otherwise generated once (256 random bits) and kept, readable only by its owner, in
 * {@code <dataDir>/}{@value #FILE_NAME}, so automation can read it and it survives restarts. The
 * token is never logged.
 */
public final class AdminToken {

    public static final String FILE_NAME = "admin-token";
    /**
     * Request attribute a module's own filter sets on an {@code /api} request it authenticated by
     * other means (the rules' webhook inbox: a signature that verifies); the security chain (module access) lets
     * such a request through. Clients cannot set request attributes.
     */
    public static final String AUTHENTICATED_ATTRIBUTE = "io.percept.platform.authenticated";
    static final int MIN_LENGTH = 16;

    /** Where the token came from, for the start-up message. */
    public enum Origin { CONFIGURED, FILE }

    private final String value;
    private final Origin origin;
    private final Path file;

    private AdminToken(String value, Origin origin, Path file) {
        this.value = value;
        this.origin = origin;
        this.file = file;
    }

    /**
     * The configured token, or the one kept in the data directory (created if missing).
     *
     * @throws IllegalArgumentException if a configured token is shorter than 16 characters
     */
    public static AdminToken resolve(String configured, Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (configured != null && !configured.isBlank()) {
            String token = configured.strip();
            if (token.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("PERCEPT_ADMIN_TOKEN must be at least " + MIN_LENGTH + " characters long");
            }
            return new AdminToken(token, Origin.CONFIGURED, file);
        }
        try {
            return new AdminToken(readOrCreate(file), Origin.FILE, file);
        } catch (IOException e) {
            throw new StoreException("Cannot read or create the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The configured token, required: in cluster mode every instance must accept the same token, so
     * none is generated.
     */
    public static AdminToken required(String configured, Path dataDir) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("cluster mode needs PERCEPT_ADMIN_TOKEN (percept.platform.admin-token), the same on every "
                    + "instance, at least " + MIN_LENGTH + " characters");
        }
        return resolve(configured, dataDir);
    }

    private static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.length() >= MIN_LENGTH) {
                return token;
            }
            throw new IOException("it holds fewer than " + MIN_LENGTH + " characters; delete it to generate a new token");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Directories.writePrivateFile(file, token);
        } catch (FileAlreadyExistsException raced) {
            return readOrCreate(file);
        }
        return token;
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    public boolean matches(String presented) {
        return Digests.secretsEqual(value, presented);
    }

    /** A secret derived from this token for {@code purpose} (hex HMAC-SHA256): as stable and as private as the token. */
    public String derive(String purpose) {
        return Digests.hmacSha256Hex(value, purpose.getBytes(StandardCharsets.UTF_8));
    }

    public Origin origin() {
        return origin;
    }

    /** Where a generated token is kept. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "AdminToken[" + origin + "]";
    }
}
