package io.percept.platform;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param retention  how long personal data is kept (docs/deploy.md, Data retention); nothing expires by default
 */
@ConfigurationProperties("percept.platform")
public record PlatformSettings(
        @DefaultValue("./percept-data") Path dataDir,
        @DefaultValue("") String adminToken,
        @DefaultValue DuckDb duckdb,
        @DefaultValue Encryption encryption,
        @DefaultValue Retention retention) {

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
            return "Encryption[key=" + Secrets.redacted(key) + ", traits=" + traits + "]";
        }
    }

    /**
     * How long each kind of personal data is kept ({@link RetainedData.Kind}); unset (the default)
     * keeps it for ever.
     *
     * @param events        raw events in the log (by when Percept received them), with their identity rows and text
     *                      perceptions; at least 31 days (rule windows and restarts replay up to 31 days)
     * @param accessAudit   the access audit
     * @param identityAudit the identity audit
     * @param imports       finished import jobs: records, folders and rejected-row files
     * @param interval      how often the retention job runs
     * @param firstRun      how long after start it first runs
     */
    public record Retention(Duration events, Duration accessAudit, Duration identityAudit, Duration imports,
            @DefaultValue("1d") Duration interval, @DefaultValue("10m") Duration firstRun) {

        /** The shortest event retention: rule windows (up to 31 days) are rebuilt from the log at start. */
        public static final Duration SHORTEST_EVENTS = Duration.ofDays(31);

        public Retention {
            if (events != null && events.compareTo(SHORTEST_EVENTS) < 0) {
                throw new IllegalArgumentException("percept.platform.retention.events must be at least 31d (rule windows are rebuilt "
                        + "from up to 31 days of log), was " + events);
            }
            for (Duration period : new Duration[] {accessAudit, identityAudit, imports}) {
                if (period != null && (period.isNegative() || period.isZero())) {
                    throw new IllegalArgumentException("a percept.platform.retention period must be positive, was " + period);
                }
            }
            if (interval == null || interval.toMinutes() < 1) {
                throw new IllegalArgumentException("percept.platform.retention.interval must be at least 1m, was " + interval);
            }
            if (firstRun == null || firstRun.isNegative()) {
                throw new IllegalArgumentException("percept.platform.retention.first-run must not be negative, was " + firstRun);
            }
        }

        /** Whether any kind expires. */
        public boolean any() {
            return events != null || accessAudit != null || identityAudit != null || imports != null;
        }

        /** The period of {@code kind}; {@code null} to keep it for ever. */
        public Duration period(RetainedData.Kind kind) {
            return switch (kind) {
                case EVENTS -> events;
                case ACCESS_AUDIT -> accessAudit;
                case IDENTITY_AUDIT -> identityAudit;
                case IMPORTS -> imports;
            };
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

    @Override
    public String toString() {
        return "PlatformSettings[dataDir=" + dataDir + ", adminToken=" + Secrets.redacted(adminToken) + ", duckdb=" + duckdb + ", encryption=" + encryption
                + ", retention=" + retention + "]";
    }
}
