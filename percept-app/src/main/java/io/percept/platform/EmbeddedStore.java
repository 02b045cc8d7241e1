package io.percept.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one DuckDB database file, {@value #DATABASE_FILE}, under the data directory.
 * It holds the event log, processor state and analytic tables. Opening it applies the SQL
 * migrations under {@code db/embedded}; only one process may have it open.
 *
 * <p>Thread-safe. Each caller takes its own connection with {@link #connect()}: DuckDB connections
 * must not be shared between threads. A JDBC point read or update costs about a millisecond, so
 * callers batch their work and keep per-event lookups in memory.
 */
public final class EmbeddedStore implements AutoCloseable {

    public static final String DATABASE_FILE = "percept.duckdb";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);
    private static final Pattern LOCK_HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    private final Path dataDir;
    private final DuckDBConnection root;
    private final String engineVersion;
    private final int schemaVersion;
    private final PiiCipher cipher;
    private volatile boolean closed;
    private volatile Throwable writeFailure;
    private Thread checkpointer;

    private EmbeddedStore(Path dataDir, DuckDBConnection root, String engineVersion, int schemaVersion, PiiCipher cipher) {
        this.dataDir = dataDir;
        this.root = root;
        this.engineVersion = engineVersion;
        this.schemaVersion = schemaVersion;
        this.cipher = cipher;
    }

    /**
     * Rewrites the store of a stopped Percept into a new file holding only live rows, then
     * replaces the old file with it: deleted rows (erased people) are otherwise only marked
     * deleted and their bytes stay in the file. Needs the store closed.
     *
     * @return the file's size before and after, in bytes
     * @throws StoreLockedException if Percept is running on this store
     * @throws StoreException       if the copy fails (the old file is then left as it was)
     */
    public static long[] compact(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(DATABASE_FILE);
        Path fresh = dir.resolve(DATABASE_FILE + ".compact");
        if (!Files.exists(file)) {
            throw new StoreException("There is no store in " + dir);
        }
        try {
            Files.deleteIfExists(fresh);
            Files.deleteIfExists(dir.resolve(DATABASE_FILE + ".compact.wal"));
            // opening and closing the store first folds its write-ahead log into the file
            open(dir, StoreOptions.DEFAULTS, null).close();
            long before = Files.size(file);
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = connection.createStatement()) {
                statement.execute("ATTACH '" + file.toString().replace("'", "''") + "' AS old (READ_ONLY)");
                statement.execute("ATTACH '" + fresh.toString().replace("'", "''") + "' AS fresh");
                statement.execute("COPY FROM DATABASE old TO fresh");
                statement.execute("DETACH old");
                statement.execute("DETACH fresh");
            }
            Files.move(fresh, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new long[] {before, Files.size(file)};
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(fresh);
            } catch (IOException ignored) {
                // best effort
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("Could not set lock")) {
                throw new StoreLockedException(dir, "", e);
            }
            throw new StoreException("Compacting the store in " + dir + " failed: " + message, e);
        }
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir} and migrates its schema.
     *
     * @throws StoreLockedException if another process has the store open
     * @throws StoreException       if the directory is unusable, the file is damaged or was
     *                              written by a newer Percept
     */
    public static EmbeddedStore open(Path dataDir, StoreOptions options) {
        return open(dataDir, options, PiiCipher.none());
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}, migrates its schema and checks that
     * {@code cipher} is the store's: an encrypted store opens only with its key, and encryption
     * cannot be turned on for a store that already holds unencrypted data. {@code null} skips the
     * check (compaction copies the store as it is, encrypted or not).
     *
     * @throws EncryptionKeyException if the key is missing, another key, or the store holds unencrypted data
     * @throws StoreLockedException   if another process has the store open
     * @throws StoreException         if the directory is unusable, the file is damaged or was
     *                                written by a newer Percept
     */
    public static EmbeddedStore open(Path dataDir, StoreOptions options, PiiCipher cipher) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("The data directory " + dir + " is not writable");
        }
        Properties config = new Properties();
        config.setProperty("memory_limit", options.memoryLimitMegabytes() + "MB");
        if (options.threads() > 0) {
            config.setProperty("threads", Integer.toString(options.threads()));
        }
        if (options.checkpointWalMegabytes() > 0) {
            config.setProperty("checkpoint_threshold", Math.max(256, 4 * options.checkpointWalMegabytes()) + "MB");
        }
        DuckDBConnection root;
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(DATABASE_FILE), config);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Could not set lock")) {
                Matcher pid = LOCK_HOLDER.matcher(message);
                throw new StoreLockedException(dir, pid.find() ? "PID " + pid.group(1) : "", e);
            }
            throw new StoreException("Cannot open the embedded store " + dir.resolve(DATABASE_FILE) + ": " + message, e);
        }
        try {
            String version = queryString(root, "SELECT version()");
            int schema = SqlMigrations.embedded().apply(root);
            log.debug("Opened {} (DuckDB {}, schema version {})", dir.resolve(DATABASE_FILE), version, schema);
            if (cipher != null) {
                StoreEncryption.check(root, dir, cipher);
            }
            EmbeddedStore store = new EmbeddedStore(dir, root, version, schema, cipher == null ? PiiCipher.none() : cipher);
            if (options.checkpointWalMegabytes() > 0) {
                store.startCheckpointer(options.checkpointWalMegabytes() * 1024 * 1024);
            }
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(root);
            if (e instanceof StoreException storeException) {
                throw storeException;
            }
            throw new StoreException("Cannot prepare the embedded store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new connection to the store, in auto-commit mode. The caller owns it, uses it from one
     * thread at a time and closes it.
     */
    public DuckDBConnection connect() throws SQLException {
        if (closed) {
            throw new SQLException("the embedded store in " + dataDir + " is closed");
        }
        synchronized (root) {
            return root.duplicate();
        }
    }

    /**
     * A DuckDB appender whose rows belong to {@code connection}'s open transaction: they commit or roll back with it, and
     * a failed commit throws. Use it, never {@code createAppender} directly: DuckDB's JDBC driver begins a transaction
     * only when a statement runs, and an appender used before any statement commits its rows by itself when it closes
     * and does not report that commit failing (DuckDB JDBC 2.0.0.1; with a full disk the event log acknowledged
     * thousands of events that were never written, see docs/reliability.md). So this runs a statement first.
     *
     * @throws IllegalStateException if the connection is in auto-commit mode: the appender's own commit could fail unseen
     */
    public static DuckDBAppender appender(Connection connection, String table) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("an appender to " + table + " needs a transaction (auto-commit off): a failure of its own commit is not reported");
        }
        try (Statement begin = connection.createStatement()) {
            begin.execute("SELECT 1");
        }
        return connection.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
    }

    /**
     * Rolls back {@code connection}'s transaction, also after a failed commit. DuckDB ends a transaction whose commit
     * failed (a full disk) itself, but its JDBC driver still counts it as open: a plain {@code rollback()} then fails
     * with "no transaction is active", and, worse, the driver begins no transaction for the statements that follow, so
     * each of them would commit on its own (DuckDB JDBC 2.0.0.1). This opens a transaction for the driver's open one
     * and rolls that back, so both agree again.
     */
    public static void rollback(Connection connection) throws SQLException {
        try {
            connection.rollback();
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                throw e;
            }
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN TRANSACTION");
            }
            connection.rollback();
        }
    }

    /** A data source whose connections are {@link #connect()}'s, for {@code JdbcClient} and transactions. */
    public javax.sql.DataSource dataSource() {
        return new EmbeddedDataSource(this);
    }

    /** The absolute data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** DuckDB's version string, e.g. {@code v2.0.0}. */
    public String engineVersion() {
        return engineVersion;
    }

    /** How personal data is encrypted in this store ({@link PiiCipher#none()} when it is not). */
    public PiiCipher cipher() {
        return cipher;
    }

    /** The highest migration applied. */
    public int schemaVersion() {
        return schemaVersion;
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * Records {@code failure} if it says a write to the store's files failed (disk full, file too large, I/O
     * error): the event log stops at the first one, whichever connection met it, until {@link #probeWrites}
     * finds the store taking writes again.
     */
    public void reportFailure(Throwable failure) {
        if (writeFailure == null && isWriteFailure(failure)) {
            writeFailure = failure;
            log.error("A write to the embedded store failed; the event log refuses appends until the store takes writes again: {}",
                    failure.getMessage());
        }
    }

    /** The first failed write to the store's files seen by {@link #reportFailure}, or {@code null}. */
    public Throwable writeFailure() {
        return writeFailure;
    }

    /**
     * After a failed write, whether the store takes writes again: a small write transaction is tried,
     * and if it commits the failure is forgotten (and true returned). DuckDB cuts its write-ahead log
     * back to where it was when a commit fails to extend it, so the commits after space comes back
     * are durable like any other (tested in {@code DiskFullIT}: events acknowledged after the
     * recovery survive a kill). False while the write still fails, or if the failure was not of that
     * kind (a database DuckDB invalidated needs a restart).
     */
    public boolean probeWrites() {
        Throwable failure = writeFailure;
        if (failure == null) {
            return true;
        }
        if (!isWriteFailure(failure) || String.valueOf(failure.getMessage()).contains("invalidated")) {
            return false;
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("DELETE FROM store_probe");
            statement.execute("INSERT INTO store_probe VALUES (current_timestamp)");
            connection.commit();
        } catch (SQLException e) {
            log.debug("The store still refuses writes: {}", e.getMessage());
            return false;
        }
        if (writeFailure == failure) {
            writeFailure = null;
        }
        log.info("The embedded store takes writes again (after: {})", failure.getMessage());
        return writeFailure == null;
    }

    /** Whether {@code failure} (or a cause) is DuckDB failing to write its files. */
    public static boolean isWriteFailure(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String message = e.getMessage();
            if (message != null && (message.contains("Could not write file") || message.contains("No space left on device")
                    || message.contains("File too large") || message.contains("Could not truncate file"))) {
                return true;
            }
        }
        return false;
    }

    /** Writes the write-ahead log into the database file, so the next start need not replay it. */
    public void checkpoint() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    /**
     * Checks the write-ahead log's size every second and checkpoints once it reaches
     * {@code walBytes}. DuckDB lets reads go on during a checkpoint; commits wait for it.
     */
    private void startCheckpointer(long walBytes) {
        Path wal = dataDir.resolve(DATABASE_FILE + ".wal");
        checkpointer = new Thread(() -> {
            long failingSince = 0;
            long lastWarning = 0;
            long pause = 1000;
            while (!closed) {
                try {
                    Thread.sleep(pause);
                    pause = 1000;
                    long size = !closed && Files.exists(wal) ? Files.size(wal) : 0;
                    if (size >= walBytes) {
                        long started = System.nanoTime();
                        checkpoint();
                        failingSince = 0;
                        log.debug("Checkpointed {} MiB of write-ahead log in {} ms", size >> 20, (System.nanoTime() - started) / 1_000_000);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | SQLException e) {
                    if (closed) {
                        return;
                    }
                    long now = System.nanoTime();
                    failingSince = failingSince == 0 ? now : failingSince;
                    // a write transaction of a processor or an import is open: normal, try again shortly
                    boolean busy = e.getMessage() != null && e.getMessage().contains("other write transactions");
                    pause = busy ? 100 : 1000;
                    if (!busy || now - failingSince > 30_000_000_000L && now - lastWarning > 60_000_000_000L) {
                        lastWarning = now;
                        log.warn("Background checkpoint failed{} (DuckDB will checkpoint at its own threshold): {}",
                                busy ? " for " + (now - failingSince) / 1_000_000_000 + " s" : "", e.getMessage());
                    }
                }
            }
        }, "store-checkpointer");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /** Checkpoints and closes the database; connections handed out before become unusable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (checkpointer != null) {
            checkpointer.interrupt();
            try {
                checkpointer.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Statement statement = root.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            log.warn("Checkpoint on close failed, the write-ahead log will be replayed at the next start: {}", e.getMessage());
        }
        closeQuietly(root);
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the embedded store failed: {}", e.getMessage());
        }
    }
}
