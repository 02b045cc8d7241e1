package io.percept.eventlog.processing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Processor checkpoints in table {@code processor_checkpoints}: the sequence number of the last
 * event each processor has applied. Written in the processor's own transaction, so a checkpoint
 * never runs ahead of, or behind, the state it describes.
 */
final class Checkpoints {

    private Checkpoints() {
    }

    /** The processor's checkpoint, creating it at 0 if absent (commits when it creates). */
    static long load(Connection connection, String processor) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT position FROM processor_checkpoints WHERE processor = ?")) {
            select.setString(1, processor);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getLong(1);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO processor_checkpoints (processor, position, updated_at) VALUES (?, 0, current_timestamp)")) {
            insert.setString(1, processor);
            insert.executeUpdate();
        }
        connection.commit();
        return 0;
    }

    /** Moves the checkpoint inside the caller's transaction. */
    static void save(Connection connection, String processor, long position) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE processor_checkpoints SET position = ?, updated_at = current_timestamp WHERE processor = ?")) {
            update.setLong(1, position);
            update.setString(2, processor);
            int rows = update.executeUpdate();
            if (rows != 1) {
                throw new SQLException("expected one checkpoint row for processor '" + processor + "', found " + rows);
            }
        }
    }
}
