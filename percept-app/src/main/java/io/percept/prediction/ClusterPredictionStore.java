package io.percept.prediction;

import io.percept.platform.ClusterRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The runs' reads and writes in cluster mode: orders from PostgreSQL's event store, scores and
 * results in PostgreSQL (db/cluster V7), one run at a time across the instances (the
 * {@value #ROLE} {@link ClusterRole}, held for the run). Every instance shows the newest stored
 * scores ({@link #shared()}).
 *
 * <p>Texts are analysed into tables in embedded mode only ({@code text_perceptions}), so cluster
 * runs forecast orders and revenue but not text volume, sentiment or complaints.
 */
final class ClusterPredictionStore implements PredictionStore {

    static final String ROLE = "prediction-run";

    private final DataSource database;

    ClusterPredictionStore(DataSource database) {
        this.database = database;
    }

    @Override
    public void trackEvents(List<String> names, Consumer<String[]> row) {
        // the payload is the event's canonical JSON, the same document the embedded log stores
        String sql = "SELECT ei.identifier, e.name, e.payload::json->>'timestamp', e.channel, e.payload::json->>'properties' "
                + "FROM events e JOIN event_identities ei ON ei.seq = e.seq WHERE e.type = 'track' AND e.name = ANY(?) "
                + "ORDER BY e.occurred_at, e.seq";
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setArray(1, connection.createArrayOf("text", names.toArray()));
                select.setFetchSize(10_000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        row.accept(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)});
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read orders from PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** No analysed texts in cluster mode (see the class comment): no text series. */
    @Override
    public Map<String, DemandForecasts.TextDays> textDays(long fromDay, long toDay, long offsetMicros) {
        return Map.of();
    }

    @Override
    public void replaceScores(Connection connection, long runId, ScoreBoard board) throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.execute("DELETE FROM profile_scores");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO profile_scores (run_id, profile_id, expected_purchases, "
                + "p_alive, clv, churn_risk, cluster, cluster_name, cluster_name_zh, propensities, recommended, churn_drivers) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < board.size(); i++) {
                Object[] row = board.storedRow(i);
                for (int c = 0; c < row.length; c++) {
                    insert.setObject(c + 1, row[c]);
                }
                insert.addBatch();
                if (i % 5_000 == 4_999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return database.getConnection();
    }

    @Override
    public Optional<AutoCloseable> exclusiveRun() {
        ClusterRole role = new ClusterRole(database, ROLE);
        if (role.held()) {
            return Optional.of(role);
        }
        role.close();
        return Optional.empty();
    }

    /**
     * The state in PostgreSQL is durable: there is no replay after a start to wait for, so runs
     * follow the schedule alone (a run while unify works through a backlog scores the profiles as
     * they are then).
     */
    @Override
    public long head() {
        return 0;
    }

    @Override
    public long applied() {
        return 0;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public long newestScoredRun() {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT coalesce(max(run_id), 0) FROM profile_scores")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the newest scores' run from PostgreSQL: " + e.getMessage(), e);
        }
    }
}
