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
    void anAppendersRowsCommitAndRollBackWithTheTransaction() throws SQLException {
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); Connection writer = store.connect();
                Connection reader = store.connect()) {
            writer.setAutoCommit(false);
            try (var appender = EmbeddedStore.appender(writer, "processor_checkpoints")) {
                appender.beginRow().append("rolled-back").append(1L).append(java.time.LocalDateTime.now()).endRow();
            }
            assertThat(count(reader, "rolled-back")).as("not visible before the commit").isZero();
            writer.rollback();
            try (var appender = EmbeddedStore.appender(writer, "processor_checkpoints")) {
                appender.beginRow().append("committed").append(2L).append(java.time.LocalDateTime.now()).endRow();
            }
            assertThat(count(reader, "committed")).isZero();
            writer.commit();

            assertThat(count(reader, "rolled-back")).as("rolled back with the transaction").isZero();
            assertThat(count(reader, "committed")).isEqualTo(1);
        }
    }

    @Test
    void aPlainAppenderBeforeAnyStatementCommitsOnItsOwn() throws SQLException {
        // why EmbeddedStore.appender exists (DuckDB JDBC 2.0.0.1): if this starts failing, the driver changed and the helper may go
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); org.duckdb.DuckDBConnection writer = store.connect();
                Connection reader = store.connect()) {
            writer.setAutoCommit(false);
            try (var appender = writer.createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "processor_checkpoints")) {
                appender.beginRow().append("alone").append(1L).append(java.time.LocalDateTime.now()).endRow();
            }
            writer.rollback();

            assertThat(count(reader, "alone")).as("committed by the appender itself, despite the rollback").isEqualTo(1);
        }
    }

    @Test
    void rollsBackAfterTheStoreEndedTheTransactionItselfAndTheNextStatementsAreInATransactionAgain() throws SQLException {
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); Connection writer = store.connect();
                Connection reader = store.connect(); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.execute("INSERT INTO processor_checkpoints VALUES ('first', 1, current_timestamp)");
            // what a commit that failed on a full disk leaves: DuckDB has no transaction, the driver still counts one as open
            statement.execute("COMMIT");
            assertThatThrownBy(writer::rollback).hasMessageContaining("no transaction is active");

            EmbeddedStore.rollback(writer);
            statement.execute("INSERT INTO processor_checkpoints VALUES ('second', 2, current_timestamp)");
            assertThat(count(reader, "second")).as("inside a transaction again, not committed on its own").isZero();
            EmbeddedStore.rollback(writer);

            assertThat(count(reader, "second")).isZero();
            assertThat(count(reader, "first")).isEqualTo(1);
        }
    }

    @Test
    void refusesAnAppenderOutsideATransaction() throws SQLException {
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); Connection connection = store.connect()) {
            assertThatThrownBy(() -> EmbeddedStore.appender(connection, "processor_checkpoints")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs a transaction");
        }
    }

    private static long count(Connection connection, String processor) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM processor_checkpoints WHERE processor = '" + processor + "'")) {
            rows.next();
            return rows.getLong(1);
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
