package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTests {

    @TempDir
    Path dir;

    @Test
    void createsTheDataDirectoryAndTheSchema() throws SQLException {
        Path dataDir = dir.resolve("nested/data");

        try (EmbeddedStore store = EmbeddedStore.open(dataDir, StoreOptions.DEFAULTS)) {
            assertThat(Files.isRegularFile(dataDir.resolve(EmbeddedStore.DATABASE_FILE))).isTrue();
            assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(4);
            assertThat(store.engineVersion()).startsWith("v");
            assertThat(tables(store)).contains("event_log", "processor_checkpoints", "sources", "event_counts");
        }
    }

    @Test
    void keepsDataAcrossReopening() throws SQLException {
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO processor_checkpoints VALUES ('p', 42, current_timestamp)");
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                Connection connection = store.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT position FROM processor_checkpoints WHERE processor = 'p'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(42);
        }
    }

    @Test
    void refusesConnectionsOnceClosed() {
        EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        store.close();

        assertThat(store.isOpen()).isFalse();
        assertThatThrownBy(store::connect).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void explainsADataDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> EmbeddedStore.open(file, StoreOptions.DEFAULTS)).isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void checkpointsInTheBackgroundOnceTheWriteAheadLogIsLarge() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir, new StoreOptions(256, 0, 1));
                Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE filler AS SELECT range AS x, repeat('y', 100) || range AS s FROM range(100000)");
            Path wal = dir.resolve(EmbeddedStore.DATABASE_FILE + ".wal");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(wal) && Files.size(wal) >= 1024 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.exists(wal) ? Files.size(wal) : 0).isLessThan(1024 * 1024);
        }
    }

    private static java.util.List<String> tables(EmbeddedStore store) throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
