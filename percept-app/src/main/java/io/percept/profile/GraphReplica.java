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
 * This instance's copy of the identity graph in cluster mode: the links in PostgreSQL's
 * {@code identity_links} applied in version order. Every instance applies the same links in the
 * same order, so every copy is the same graph (profile ids included). Callers synchronise on the
 * replica while they use {@link #graph()}.
 */
final class GraphReplica {

    private final IdentityRules rules;
    private IdentityGraph graph;
    private long version;

    GraphReplica(IdentityRules rules) {
        this.rules = rules;
        this.graph = new IdentityGraph(rules);
    }

    IdentityGraph graph() {
        return graph;
    }

    /** The version of the newest link applied. */
    long version() {
        return version;
    }

    /** Forgets everything: the next {@link #catchUp} rebuilds the graph from the first link. */
    void reset() {
        graph = new IdentityGraph(rules);
        version = 0;
    }

    /** Applies the links added since the last call; returns how many. */
    int catchUp(Connection connection) throws SQLException {
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

    /** The newest version in the database (committed by any instance). */
    static long newestVersion(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(version), 0) FROM identity_links");
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
