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
 */
@ConfigurationProperties("percept.platform")
public record PlatformSettings(
        @DefaultValue("./percept-data") Path dataDir,
        @DefaultValue("") String adminToken,
        @DefaultValue DuckDb duckdb) {

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
        return "PlatformSettings[dataDir=" + dataDir + ", adminToken=" + Secrets.redacted(adminToken) + ", duckdb=" + duckdb + "]";
    }
}
