package io.percept.segmentation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Stored members in cluster mode's PostgreSQL, each write one transaction. Changes between full
 * evaluations are written too: the instance that takes membership over when this one stops starts
 * from them, and must not emit again what this one emitted.
 */
final class PostgresSegmentMembers implements SegmentMembers {

    private final DataSource database;

    PostgresSegmentMembers(DataSource database) {
        this.database = database;
    }

    @Override
    public Set<Long> stored(String name) {
        Set<Long> members = new HashSet<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT profile_id FROM segment_members WHERE name = ?")) {
            select.setString(1, name);
            select.setFetchSize(10_000);
            connection.setAutoCommit(false);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getLong(1));
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the members of segment " + name + ": " + e.getMessage(), e);
        }
        return members;
    }

    @Override
    public void store(String name, long[] members) {
        write(name, null, members);
    }

    @Override
    public void changed(String name, Set<Long> entered, Set<Long> exited) {
        if (!entered.isEmpty() || !exited.isEmpty()) {
            write(name, exited.toArray(), entered.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** Deletes {@code removed} (all members when null) and inserts {@code added}, in one transaction. */
    private void write(String name, Object[] removed, long[] added) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM segment_members WHERE name = ?" + (removed == null ? "" : " AND profile_id = ANY(?)"))) {
                    delete.setString(1, name);
                    if (removed != null) {
                        delete.setArray(2, connection.createArrayOf("bigint", removed));
                    }
                    delete.executeUpdate();
                }
                if (added.length > 0) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO segment_members SELECT ?, unnest(?)")) {
                        insert.setString(1, name);
                        insert.setArray(2, connection.createArrayOf("bigint", java.util.Arrays.stream(added).boxed().toArray()));
                        insert.executeUpdate();
                    }
                }
                connection.commit();
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the members of segment " + name + ": " + e.getMessage(), e);
        }
    }
}
