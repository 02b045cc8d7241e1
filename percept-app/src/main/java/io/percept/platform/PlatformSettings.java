package io.percept.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the platform module ({@code percept.platform.*}).
 *
 * @param dataDir    directory holding the embedded store; created if missing
 *                   ({@code PERCEPT_DATA_DIR}, {@code --data-dir})
 * @param adminToken bearer token for the admin API ({@code PERCEPT_ADMIN_TOKEN}); when blank a
 *                   random token is generated once and kept in {@code <dataDir>/admin-token}
 * @param duckdb     limits of the embedded DuckDB engine
 * @param encryption encryption at rest of personal data in the embedded store (off by default)
 */
@ConfigurationProperties("percept.platform")
public record PlatformSettings(
        @DefaultValue("./percept-data") Path dataDir,
        @DefaultValue("") String adminToken,
        @DefaultValue DuckDb duckdb,
        @DefaultValue Encryption encryption) {

    /**
     * @param key    base64 256-bit key ({@code PERCEPT_ENCRYPTION_KEY}; {@code openssl rand -base64 32});
     *               blank turns encryption off. Losing it loses the encrypted data.
     * @param traits trait names (any case) whose values are encrypted in stored events, the profile
     *               mirror and the snapshot; identifiers (email, phone, user id ...) always are
     */
    public record Encryption(
            @DefaultValue("") String key,
            @DefaultValue({"email", "phone", "mobile", "name", "first_name", "last_name", "firstname", "lastname", "address", "street",
                "postal_code", "zip", "birthday"}) java.util.List<String> traits) {

        /** The cipher of these settings. @throws EncryptionKeyException if the key is malformed */
        public PiiCipher cipher() {
            return PiiCipher.of(key, traits);
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "Encryption[key=" + (key.isBlank() ? "none" : "(set)") + ", traits=" + traits + "]";
        }
    }

    /**
     * @param memoryLimit       DuckDB's buffer-manager limit; DuckDB's own default (80 % of RAM)
     *                          would compete with the JVM heap
     * @param threads           DuckDB worker threads; 0 means one per available processor
     * @param checkpointWalSize checkpoint in the background once the write-ahead log is this large
     *                          (0 leaves checkpoints to DuckDB, which runs them inside commits)
     */
    public record DuckDb(
            @DefaultValue("4GB") DataSize memoryLimit,
            @DefaultValue("0") int threads,
            @DefaultValue("64MB") DataSize checkpointWalSize) {

        StoreOptions toOptions() {
            return new StoreOptions(memoryLimit.toMegabytes(), threads, checkpointWalSize.toMegabytes());
        }
    }
}
