package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterDatabaseTests {

    /** Created by the tests that need a server, so that the others run without one. */
    private PostgresTestDatabase database;

    private PostgresTestDatabase database() {
        if (database == null) {
            database = PostgresTestDatabase.create();
        }
        return database;
    }

    @AfterEach
    void drop() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void twoInstancesStartingAtOnceMigrateOnce() throws Exception {
        ClusterDatabaseSettings settings = database().settings(2);
        int instances = 3;
        CyclicBarrier start = new CyclicBarrier(instances);
        List<CompletableFuture<ClusterDatabase>> opening = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return ClusterDatabase.open(settings);
            }));
        }
        List<ClusterDatabase> open = new ArrayList<>();
        try {
            for (CompletableFuture<ClusterDatabase> future : opening) {
                open.add(future.get(60, TimeUnit.SECONDS));
            }
            int latest;
            try (Connection connection = database.connect()) {
                latest = SqlMigrations.cluster().apply(connection);
            }
            assertThat(open).extracting(ClusterDatabase::schemaVersion).containsOnly(latest);
            assertThat(query("SELECT version FROM schema_migrations ORDER BY version"))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, latest).mapToObj(Integer::toString).toList());
            assertThat(query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
                    .contains("checkpoints", "events_default", "schema_migrations");
            assertThat(query("SELECT relkind FROM pg_class WHERE relname = 'events'")).containsExactly("p");
            assertThat(open.get(0).serverVersion()).matches("\\d+.*");
        } finally {
            open.forEach(ClusterDatabase::close);
        }
    }

    @Test
    void anUnreachableServerIsNamedWithWhatToCheck() {
        ClusterDatabaseSettings nowhere = ClusterDatabaseSettings.of("jdbc:postgresql://127.0.0.1:1/percept", "percept");

        assertThatThrownBy(() -> ClusterDatabase.open(nowhere)).isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/percept").hasMessageContaining("refused")
                .hasMessageContaining("Check that PostgreSQL runs");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        String url = database().url() + "_missing";

        assertThatThrownBy(() -> ClusterDatabase.open(database().settings(1).withUrl(url))).isInstanceOf(StoreException.class)
                .hasMessageContaining(url).hasMessageContaining("does not exist");
    }

    @Test
    void onlyPostgresUrlsAreAccepted() {
        assertThatThrownBy(() -> ClusterDatabaseSettings.of("jdbc:mysql://localhost/percept", "percept"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void serversBeforePostgres13AreRefused() {
        assertThatThrownBy(() -> ClusterDatabase.requireSupported("PostgreSQL", "12.18", 120018, "jdbc:postgresql://db/percept"))
                .isInstanceOf(StoreException.class).hasMessageContaining("PostgreSQL 12.18").hasMessageContaining("13 or newer");
        ClusterDatabase.requireSupported("PostgreSQL", "13.0", 130000, "jdbc:postgresql://db/percept");
    }

    @Test
    void settingsNeverShowThePassword() {
        ClusterDatabaseSettings settings = new ClusterDatabaseSettings("jdbc:postgresql://db/percept", "percept", "s3cret", 5,
                Map.of("sslpassword", "also-secret"));

        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("also-secret").contains("db/percept");
    }
}
