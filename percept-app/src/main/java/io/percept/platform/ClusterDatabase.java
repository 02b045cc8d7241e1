package io.percept.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's PostgreSQL database: a pool of connections, a server checked to be PostgreSQL
 * {@value #MIN_MAJOR_VERSION} or newer, and the schema migrated from {@code db/cluster}. Several
 * Percept instances share the database; the first to start migrates while the others wait for it
 * (a session advisory lock around the migrations), so a migration is never applied twice.
 *
 * <p>Thread-safe. Callers take connections from {@link #dataSource()} and return them by closing.
 */
public final class ClusterDatabase implements AutoCloseable {

    public static final int MIN_MAJOR_VERSION = 13;

    /** The session advisory lock held while migrating ("percept" and "migrate" in ASCII). */
    private static final long MIGRATION_LOCK = 0x7065_7263_6570_746DL;

    private static final Logger log = LoggerFactory.getLogger(ClusterDatabase.class);

    private final HikariDataSource pool;
    private final String serverVersion;
    private final int schemaVersion;

    private ClusterDatabase(HikariDataSource pool, String serverVersion, int schemaVersion) {
        this.pool = pool;
        this.serverVersion = serverVersion;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Connects, checks the server and migrates the schema.
     *
     * @throws StoreException if the server cannot be reached or logged in to, is not PostgreSQL
     *                        {@value #MIN_MAJOR_VERSION}+, was migrated by a newer Percept, or a
     *                        migration fails; the message says what to check
     */
    public static ClusterDatabase open(ClusterDatabaseSettings settings) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config(settings));
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to the cluster database " + settings.url() + " as " + settings.user() + ": "
                    + rootMessage(e) + ". Check that PostgreSQL runs and accepts TCP connections there, that the database exists,"
                    + " and the user and password.", e);
        }
        try (Connection connection = pool.getConnection()) {
            String version = checkServer(connection, settings.url());
            int schema = migrate(connection);
            log.info("Cluster database {} open (PostgreSQL {}, schema version {})", settings.url(), version, schema);
            return new ClusterDatabase(pool, version, schema);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            if (e instanceof StoreException storeException) {
                throw storeException;
            }
            throw new StoreException("Cannot prepare the cluster database " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private static HikariConfig config(ClusterDatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("percept-cluster");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        // with PostgreSQL unreachable a request waits at most 10 s for a connection (Hikari's default: 30 s) and is then
        // answered 503, and a connection attempt gives up after 5 s (pgjdbc's default: 10 s)
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "percept");
        // batched inserts and upserts sent as multi-row statements: processors write a row per event and per profile
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        settings.properties().forEach(config::addDataSourceProperty);
        return config;
    }

    private static String checkServer(Connection connection, String url) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String version;
        int number;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
            rows.next();
            version = rows.getString(1);
            number = rows.getInt(2);
        }
        requireSupported(product, version, number, url);
        return version;
    }

    /** Refuses a server other than PostgreSQL {@value #MIN_MAJOR_VERSION}+ ({@code number} is {@code server_version_num}). */
    static void requireSupported(String product, String version, int number, String url) {
        if (!"PostgreSQL".equals(product) || number < MIN_MAJOR_VERSION * 10_000) {
            throw new StoreException("The cluster database " + url + " runs " + product + " " + version + "; Percept needs PostgreSQL "
                    + MIN_MAJOR_VERSION + " or newer. Upgrade the server or point Percept at another one.");
        }
    }

    private static int migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
        }
        try {
            return SqlMigrations.cluster().apply(connection);
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            } catch (SQLException e) {
                // a broken connection ends its session, which releases the lock
                log.debug("Releasing the migration lock failed: {}", e.getMessage());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage()).strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /** The pooled connections, in auto-commit mode when handed out. */
    public DataSource dataSource() {
        return pool;
    }

    /** The server's version, e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** The highest migration applied. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Closes the pool; connections still out are closed when returned. */
    @Override
    public void close() {
        pool.close();
    }
}
