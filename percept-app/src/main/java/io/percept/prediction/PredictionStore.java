package io.percept.prediction;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a prediction run reads and writes that differs between the modes: the embedded store
 * ({@link EmbeddedPredictionStore}, DuckDB and the in-memory log position) and cluster mode
 * ({@link ClusterPredictionStore}, PostgreSQL, with one run at a time across instances). The runs'
 * own tables ({@code prediction_runs}, {@code prediction_results}, {@code prediction_alerts},
 * {@code profile_scores}) have the same columns in both.
 */
interface PredictionStore {

    /**
     * Reads the stored track events named {@code names}, oldest first, each as identifier (the
     * {@code type:value} unify filed it under), event name, timestamp (ISO-8601), channel and
     * properties (JSON object text, or null).
     */
    void trackEvents(List<String> names, Consumer<String[]> row);

    /**
     * Analysed texts per business day in [fromDay, toDay) (days of the zone {@code offsetMicros}
     * from UTC): count, mean sentiment score and complaints, in total ({@code ""}) and by region.
     */
    Map<String, DemandForecasts.TextDays> textDays(long fromDay, long toDay, long offsetMicros);

    /** Replaces the stored scores with {@code board} on {@code connection}, within its transaction. */
    void replaceScores(Connection connection, long runId, ScoreBoard board) throws SQLException;

    /** A connection to the store the runs' tables are in. */
    Connection connect() throws SQLException;

    /**
     * The right to run the models, held until closed: at most one run at a time writes the runs'
     * tables. Empty when another holder (another cluster instance) is running.
     */
    Optional<AutoCloseable> exclusiveRun();

    /** The log position the profiles must reach to have applied everything appended so far. */
    long head();

    /** The log position the profiles have applied. */
    long applied();

    /**
     * Whether other processes write the scores this one shows (cluster mode): then every read of
     * the scores first checks for a newer run ({@link #newestScoredRun()}).
     */
    boolean shared();

    /** The run whose scores {@code profile_scores} holds, 0 when none. */
    long newestScoredRun();
}
