package io.percept.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Versioned SQL migrations: files {@code V<n>__<description>.sql} under a classpath folder, applied
 * in version order, each in its own transaction, and recorded with a checksum in
 * {@code schema_migrations}. A migration changed after it was applied, or a store written by a
 * newer version, stops the start with an explanation instead of guessing.
 */
final class SqlMigrations {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    record Migration(int version, String description, String sql, String checksum) {
    }

    private final String location;
    private final String store;
    private final String elsewhere;
    private final List<Migration> migrations;

    SqlMigrations(String location, List<Migration> migrations) {
        this(location, "This data directory", "use another --data-dir", migrations);
    }

    /**
     * @param store     what holds the schema, for messages ("This data directory")
     * @param elsewhere what else the user can do when it was written by a newer Percept
     */
    private SqlMigrations(String location, String store, String elsewhere, List<Migration> migrations) {
        this.location = location;
        this.store = store;
        this.elsewhere = elsewhere;
        this.migrations = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
        for (int i = 1; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() == this.migrations.get(i - 1).version()) {
                throw new IllegalStateException("two migrations with version " + this.migrations.get(i).version() + " in " + location);
            }
        }
    }

    /** The migrations of the embedded store, from {@code classpath:db/embedded}. */
    static SqlMigrations embedded() {
        return fromClasspath("db/embedded");
    }

    /** The migrations of cluster mode's PostgreSQL database, from {@code classpath:db/cluster}. */
    static SqlMigrations cluster() {
        SqlMigrations found = fromClasspath("db/cluster");
        return new SqlMigrations(found.location, "This database", "point Percept at another database", found.migrations);
    }

    static SqlMigrations fromClasspath(String folder) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + "/*.sql");
            List<Migration> found = new ArrayList<>();
            for (Resource resource : resources) {
                Matcher name = FILE_NAME.matcher(String.valueOf(resource.getFilename()));
                if (!name.matches()) {
                    throw new IllegalStateException("migration file " + resource.getFilename() + " in " + folder
                            + " is not named V<number>__<description>.sql");
                }
                String sql;
                try (InputStream in = resource.getInputStream()) {
                    sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                found.add(new Migration(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '), sql, sha256(sql)));
            }
            return new SqlMigrations(folder, found);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migrations from " + folder, e);
        }
    }

    /**
     * Applies the missing migrations. Two processes must not migrate one database at once: the
     * embedded store is opened by one process only, the cluster database is migrated under an
     * advisory lock ({@link ClusterDatabase}).
     *
     * @return the schema version after migrating
     */
    int apply(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, description VARCHAR NOT NULL,"
                    + " checksum VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
        }
        Map<Integer, String> applied = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, checksum FROM schema_migrations ORDER BY version")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        int known = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        for (int version : applied.keySet()) {
            if (version > known) {
                throw new StoreException(store + " was written by a newer Percept (schema version " + version
                        + "; this version knows up to " + known + "). Upgrade Percept or " + elsewhere + ".");
            }
        }
        int current = 0;
        connection.setAutoCommit(false);
        try {
            for (Migration migration : migrations) {
                String checksum = applied.get(migration.version());
                if (checksum != null) {
                    if (!checksum.equals(migration.checksum())) {
                        throw new StoreException("Migration V" + migration.version() + " (" + migration.description() + ") in "
                                + location + " was changed after it was applied; restore it and add a new migration instead");
                    }
                } else {
                    applyOne(connection, migration);
                }
                current = migration.version();
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return current;
    }

    private static void applyOne(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(migration.sql())) {
                statement.execute(sql);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_migrations (version, description, checksum) VALUES (?, ?, ?)")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.description());
                record.setString(3, migration.checksum());
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration V" + migration.version() + " (" + migration.description() + ") failed: " + e.getMessage(), e);
        }
    }

    /** Splits a script at semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String sha256(String text) {
        return Digests.sha256Hex(text.replace("\r\n", "\n"));
    }
}
