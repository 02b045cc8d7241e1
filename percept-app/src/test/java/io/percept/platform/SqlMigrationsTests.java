package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlMigrationsTests {

    @TempDir
    Path dir;

    private static SqlMigrations.Migration migration(int version, String sql) {
        return new SqlMigrations.Migration(version, "step " + version, sql, Integer.toHexString(sql.hashCode()));
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("m.duckdb"));
    }

    @Test
    void appliesMissingMigrationsInVersionOrderOnce() throws SQLException {
        SqlMigrations migrations = new SqlMigrations("test", List.of(
                migration(2, "INSERT INTO t VALUES (2);"),
                migration(1, "CREATE TABLE t (x INTEGER);\n-- a comment\nINSERT INTO t VALUES (1);")));
        try (Connection connection = open()) {
            assertThat(migrations.apply(connection)).isEqualTo(2);
            assertThat(migrations.apply(connection)).isEqualTo(2);
            assertThat(values(connection)).containsExactly(1, 2);
        }
    }

    @Test
    void refusesAMigrationChangedAfterItWasApplied() throws SQLException {
        try (Connection connection = open()) {
            new SqlMigrations("test", List.of(migration(1, "CREATE TABLE t (x INTEGER);"))).apply(connection);

            SqlMigrations edited = new SqlMigrations("test", List.of(migration(1, "CREATE TABLE t (x BIGINT);")));

            assertThatThrownBy(() -> edited.apply(connection)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("V1").hasMessageContaining("changed after it was applied");
        }
    }

    @Test
    void refusesAStoreWrittenByANewerVersion() throws SQLException {
        try (Connection connection = open()) {
            new SqlMigrations("test", List.of(migration(1, "CREATE TABLE t (x INTEGER);"), migration(2, "INSERT INTO t VALUES (1);")))
                    .apply(connection);

            SqlMigrations older = new SqlMigrations("test", List.of(migration(1, "CREATE TABLE t (x INTEGER);")));

            assertThatThrownBy(() -> older.apply(connection)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("newer Percept").hasMessageContaining("schema version 2");
        }
    }

    @Test
    void rollsBackAFailingMigrationAndNamesIt() throws SQLException {
        try (Connection connection = open()) {
            SqlMigrations broken = new SqlMigrations("test", List.of(migration(1, "CREATE TABLE t (x INTEGER);\nINSERT INTO nowhere VALUES (1);")));

            assertThatThrownBy(() -> broken.apply(connection)).isInstanceOf(SQLException.class).hasMessageContaining("V1");
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    @Test
    void splitsScriptsAtSemicolonsThatEndALine() {
        assertThat(SqlMigrations.statements("-- heading\nCREATE TABLE a (x VARCHAR DEFAULT 'a;b');\n\nSELECT 1\n;\nSELECT 2"))
                .containsExactly("CREATE TABLE a (x VARCHAR DEFAULT 'a;b')", "SELECT 1", "SELECT 2");
    }

    @Test
    void theShippedMigrationsAreNumberedWithoutGapsFromOne() {
        SqlMigrations shipped = SqlMigrations.embedded();
        try (Connection connection = open()) {
            int version = shipped.apply(connection);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT min(version), max(version), count(*) FROM schema_migrations")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getInt(2)).isEqualTo(version);
                assertThat(rows.getInt(3)).isEqualTo(version);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Integer> values(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT x FROM t ORDER BY x")) {
            java.util.ArrayList<Integer> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getInt(1));
            }
            return values;
        }
    }
}
