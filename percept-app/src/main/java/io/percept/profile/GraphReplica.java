package io.percept.profile;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import io.percept.identity.domain.IdentityGraph;
import io.percept.identity.domain.IdentityRules;
import io.percept.identity.domain.Link;
import io.percept.identity.domain.LinkKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * This instance's copy of the identity graph in cluster mode: the newest snapshot in
 * {@code identity_snapshots}, if any, then the links in {@code identity_links} added after it,
 * applied in version order. Every instance applies the same links in the same order, so every copy is
 * the same graph (profile ids included). An erasure ({@link ClusterProfiles#erase}) changes the graph
 * in a way no link can: it writes the erased graph as a snapshot at a new version and deletes the
 * links before it, and every replica loads that snapshot at its next catch-up. Callers synchronise on
 * the replica while they use {@link #graph()}.
 */
final class GraphReplica {

    private final IdentityRules rules;
    private IdentityGraph graph;
    private long version;
    /** The version of the snapshot the graph started from (0: none, the links from the first). */
    private long snapshot;

    GraphReplica(IdentityRules rules) {
        this.rules = rules;
        this.graph = new IdentityGraph(rules);
    }

    IdentityGraph graph() {
        return graph;
    }

    /** The version of the newest link (or snapshot) applied. */
    long version() {
        return version;
    }

    /** Forgets everything: the next {@link #catchUp} rebuilds the graph from the newest snapshot and the links after it. */
    void reset() {
        graph = new IdentityGraph(rules);
        version = 0;
        snapshot = 0;
    }

    /**
     * Loads a newer snapshot if another instance wrote one (an erasure), then applies the links added
     * since the last call; returns how many links.
     */
    int catchUp(Connection connection) throws SQLException {
        int applied = 0;
        // an erasure committing meanwhile deletes links this copy has not applied yet: then start again from its snapshot
        while (newestSnapshot(connection) != snapshot) {
            loadNewestSnapshot(connection);
            applied = applyLinks(connection);
        }
        return applied + applyLinks(connection);
    }

    private int applyLinks(Connection connection) throws SQLException {
        int applied = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, micros, tie, alias, identifiers FROM identity_links WHERE version > ? ORDER BY version")) {
            select.setFetchSize(10_000);
            select.setLong(1, version);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    graph.apply(link(rows.getLong(2), rows.getLong(3), rows.getBoolean(4), rows.getArray(5)));
                    version = rows.getLong(1);
                    applied++;
                }
            }
        }
        return applied;
    }

    private static long newestSnapshot(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(version), 0) FROM identity_snapshots");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void loadNewestSnapshot(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT version, graph FROM identity_snapshots ORDER BY version DESC LIMIT 1");
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                reset();
                return;
            }
            long at = rows.getLong(1);
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(rows.getBytes(2)))) {
                graph = IdentityGraph.read(rules, in);
            } catch (java.io.IOException e) {
                throw new SQLException("the identity snapshot at version " + at + " cannot be read: " + e.getMessage(), e);
            }
            version = at;
            snapshot = at;
        }
    }

    /**
     * Stores this graph as the snapshot at a new version, after every link and snapshot before it, and
     * deletes those (they are in it): for an erasure, which holds the identity lock and has changed
     * the graph in the caller's transaction. Takes effect for this copy at once; if the transaction
     * rolls back, {@link #reset} it.
     *
     * @return the snapshot's version
     */
    long storeSnapshot(Connection connection) throws SQLException {
        long at;
        try (PreparedStatement next = connection.prepareStatement("SELECT nextval(pg_get_serial_sequence('identity_links', 'version'))");
                ResultSet rows = next.executeQuery()) {
            rows.next();
            at = rows.getLong(1);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            graph.write(out);
        } catch (java.io.IOException e) {
            throw new SQLException("writing the identity snapshot failed: " + e.getMessage(), e);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO identity_snapshots (version, graph) VALUES (?, ?)")) {
            insert.setLong(1, at);
            insert.setBytes(2, bytes.toByteArray());
            insert.executeUpdate();
        }
        for (String table : List.of("identity_snapshots", "identity_links")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE version < ?")) {
                delete.setLong(1, at);
                delete.executeUpdate();
            }
        }
        version = at;
        snapshot = at;
        return at;
    }

    /** The newest version in the database (committed by any instance): of a link, or of a snapshot (an erasure). */
    static long newestVersion(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT greatest(coalesce((SELECT max(version) FROM identity_links), 0), coalesce((SELECT max(version) FROM identity_snapshots), 0))");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Adds links this instance applied (under the identity lock); they become versions after the current ones. */
    void append(Connection connection, List<Link> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO identity_links (micros, tie, alias, identifiers) VALUES (?, ?, ?, ?)")) {
            for (Link link : links) {
                insert.setLong(1, link.key().micros());
                insert.setLong(2, link.key().tie());
                insert.setBoolean(3, link.alias());
                insert.setArray(4, connection.createArrayOf("text", link.identifiers().stream().map(Identifier::toString).toArray()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // the caller holds the identity lock: no other instance added links meanwhile
        version = newestVersion(connection);
    }

    private static Link link(long micros, long tie, boolean alias, Array identifiers) throws SQLException {
        Object[] values = (Object[]) identifiers.getArray();
        List<Identifier> parsed = new ArrayList<>(values.length);
        for (Object value : values) {
            String text = (String) value;
            int colon = text.indexOf(':');
            parsed.add(new Identifier(new IdentifierType(text.substring(0, colon)), text.substring(colon + 1)));
        }
        return new Link(new LinkKey(micros, tie), parsed, alias);
    }
}
