package io.percept.platform;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A role that one instance of a cluster holds at a time (segment membership, prediction runs): a
 * PostgreSQL session advisory lock on a connection kept for it. Whoever holds the lock holds the
 * role; when that instance stops, crashes or loses its connection, PostgreSQL releases the lock and
 * the next instance that asks takes it. Work done under the role checks {@link #held()} before each
 * piece, so at most one instance starts a piece at a time; a piece already running when its holder
 * lost the connection may overlap the new holder's first one (the work must tolerate that).
 * Thread-safe.
 */
public final class ClusterRole implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterRole.class);
    /** The first half of every role's lock key ("PRCP" in ASCII), apart from the migration and unify locks. */
    private static final int NAMESPACE = 0x5052_4350;

    private final DataSource database;
    private final String name;
    private final int key;
    private Connection connection;
    private boolean held;

    public ClusterRole(DataSource database, String name) {
        this.database = database;
        this.name = name;
        int hash = 0;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = 31 * hash + b;
        }
        this.key = hash;
    }

    /** The role's name. */
    public String name() {
        return name;
    }

    /**
     * Whether this instance holds the role now: keeps it while the lock's connection is alive, and
     * tries to take it otherwise. Never throws: a database that cannot be reached means not held.
     */
    public synchronized boolean held() {
        try {
            if (connection != null && !connection.isValid(5)) {
                log.warn("Lost the connection holding the {} role", name);
                drop(false);
            }
            if (connection == null) {
                connection = database.getConnection();
                connection.setAutoCommit(true);
            }
            if (!held) {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                    lock.setInt(1, NAMESPACE);
                    lock.setInt(2, key);
                    try (ResultSet row = lock.executeQuery()) {
                        held = row.next() && row.getBoolean(1);
                    }
                }
                if (held) {
                    log.info("This instance now holds the {} role", name);
                }
            }
            return held;
        } catch (SQLException e) {
            log.warn("Cannot tell whether this instance holds the {} role: {}", name, e.getMessage());
            drop(true);
            return false;
        }
    }

    /** Gives the role up (another instance may take it). */
    @Override
    public synchronized void close() {
        drop(true);
    }

    /** Returns the connection; {@code alive}: it may still work, and must not take the lock back to the pool. */
    private void drop(boolean alive) {
        held = false;
        if (connection != null && alive) {
            // the connection goes back to a pool: it must not keep the lock there
            try (java.sql.Statement unlock = connection.createStatement()) {
                unlock.execute("SELECT pg_advisory_unlock_all()");
            } catch (SQLException e) {
                log.debug("Releasing the {} role's locks: {}", name, e.getMessage());
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the {} role's connection: {}", name, e.getMessage());
            }
            connection = null;
        }
    }
}
