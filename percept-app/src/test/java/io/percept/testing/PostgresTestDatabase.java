package io.percept.testing;

import io.percept.platform.ClusterDatabase;
import io.percept.platform.ClusterDatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty PostgreSQL database for one test ({@code percept_test_<random>}), dropped on
 * {@link #close()} with any connections still open to it. The server is reached as {@code postgres}
 * at {@code jdbc:postgresql://127.0.0.1:5432/postgres}, or at {@code PERCEPT_TEST_POSTGRES_URL}.
 *
 * <p>Without a reachable server the test is skipped, so a machine with only a JDK can build; with
 * {@code PERCEPT_REQUIRE_POSTGRES=true} (CI) it fails instead. Either way the message says to run
 * {@code .ci/postgres}.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private static final String DEFAULT_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String USER = "postgres";

    private final String serverUrl;
    private final String name;
    private final String url;
    private final List<ClusterDatabase> opened = new ArrayList<>();

    private PostgresTestDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.url = withDatabase(serverUrl, name);
    }

    /** Creates the database, or skips (fails on CI) the calling test if PostgreSQL is unreachable. */
    public static PostgresTestDatabase create() {
        String server = System.getenv().getOrDefault("PERCEPT_TEST_POSTGRES_URL", DEFAULT_SERVER);
        PostgresTestDatabase database = new PostgresTestDatabase(server,
                "percept_test_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try (Connection admin = connect(server); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + server + " (user " + USER + ") is not usable: " + e.getMessage().replaceFirst("\\.$", "")
                    + ". Run .ci/postgres (as root) to install and start it, or set PERCEPT_TEST_POSTGRES_URL.";
            if ("true".equals(System.getenv("PERCEPT_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.assumeTrue(false, message);
        }
        return database;
    }

    /** The JDBC URL of this database. */
    public String url() {
        return url;
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** Settings that reach this database as {@code postgres} with a pool of {@code poolSize}. */
    public ClusterDatabaseSettings settings(int poolSize) {
        return new ClusterDatabaseSettings(url, USER, "", poolSize, Map.of());
    }

    /** This database opened (migrated) as cluster mode does, closed with this. */
    public ClusterDatabase open(int poolSize) {
        ClusterDatabase cluster = ClusterDatabase.open(settings(poolSize));
        opened.add(cluster);
        return cluster;
    }

    /** A plain connection to this database, outside any pool; the caller closes it. */
    public Connection connect() throws SQLException {
        return connect(url);
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        if (!url.contains("user=")) {
            properties.setProperty("user", USER);
        }
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, properties);
    }

    /** {@code jdbc:postgresql://host:port/db?params} with the database replaced by {@code name}. */
    static String withDatabase(String serverUrl, String name) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + params;
    }

    /** Closes what {@link #open} opened and drops the database, ending connections still open to it. */
    @Override
    public void close() throws SQLException {
        opened.forEach(ClusterDatabase::close);
        try (Connection admin = connect(serverUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
