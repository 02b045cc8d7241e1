package io.percept.prediction;

import io.percept.eventlog.EventLog;
import io.percept.platform.EmbeddedStore;
import io.percept.profile.Profiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The runs' reads and writes on the embedded store: the DuckDB event log and text tables, scores written with the Appender. */
final class EmbeddedPredictionStore implements PredictionStore {

    private final JdbcClient jdbc;
    private final EmbeddedStore store;
    private final EventLog eventLog;
    private final Profiles profiles;

    EmbeddedPredictionStore(JdbcClient jdbc, EmbeddedStore store, EventLog eventLog, Profiles profiles) {
        this.jdbc = jdbc;
        this.store = store;
        this.eventLog = eventLog;
        this.profiles = profiles;
    }

    @Override
    public void trackEvents(List<String> names, Consumer<String[]> row) {
        StringBuilder sql = new StringBuilder("""
                SELECT ei.identifier, l.payload->>'$.event', l.payload->>'$.timestamp', l.payload->>'$.channel', l.payload->>'$.properties'
                FROM event_log l JOIN event_identities ei ON ei.seq = l.seq
                WHERE l.payload->>'$.type' = 'track' AND l.payload->>'$.event' IN (""");
        sql.append("?,".repeat(names.size() - 1)).append("?) ORDER BY l.seq");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
        for (int i = 0; i < names.size(); i++) {
            statement = statement.param(i + 1, names.get(i));
        }
        // identifiers are sealed in an encrypted store: each distinct one is opened once
        Map<String, String> identifiers = new java.util.HashMap<>();
        statement.query(rows -> {
            String identifier = store.cipher().enabled() ? identifiers.computeIfAbsent(rows.getString(1), store.cipher()::open) : rows.getString(1);
            row.accept(new String[] {identifier, rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)});
        });
    }

    @Override
    public Map<String, DemandForecasts.TextDays> textDays(long fromDay, long toDay, long offsetMicros) {
        int days = (int) (toDay - fromDay);
        Map<String, DemandForecasts.TextDays> series = new LinkedHashMap<>();
        long offsetSeconds = offsetMicros / 1_000_000L;
        jdbc.sql("""
                SELECT CAST(happened_at + to_seconds(?) AS DATE) AS day, coalesce(region, ''), count(*), avg(score),
                       sum(CASE WHEN complaint THEN 1 ELSE 0 END)
                FROM text_perceptions
                WHERE happened_at >= ? AND happened_at < ?
                GROUP BY 1, 2""")
                .params(offsetSeconds, LocalDateTime.ofEpochSecond(fromDay * 86_400 - offsetSeconds, 0, ZoneOffset.UTC),
                        LocalDateTime.ofEpochSecond(toDay * 86_400 - offsetSeconds, 0, ZoneOffset.UTC))
                .query(rows -> {
                    long day = rows.getObject(1, LocalDate.class).toEpochDay();
                    if (day < fromDay || day >= toDay) {
                        return;
                    }
                    int d = (int) (day - fromDay);
                    long count = rows.getLong(3);
                    double sum = rows.getDouble(4) * count;
                    long complaints = rows.getLong(5);
                    for (String key : rows.getString(2).isEmpty() ? new String[] {""} : new String[] {"", rows.getString(2)}) {
                        DemandForecasts.TextDays texts = series.computeIfAbsent(key, k -> new DemandForecasts.TextDays(days));
                        double before = texts.meanScore()[d] * texts.texts()[d];
                        texts.texts()[d] += count;
                        texts.meanScore()[d] = (before + sum) / texts.texts()[d];
                        texts.complaints()[d] += complaints;
                    }
                });
        return series;
    }

    @Override
    public void replaceScores(Connection connection, long runId, ScoreBoard board) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("DELETE FROM profile_scores");
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "profile_scores")) {
            for (int i = 0; i < board.size(); i++) {
                appender.beginRow();
                for (Object value : board.storedRow(i)) {
                    io.percept.platform.AppenderValues.append(appender, value);
                }
                appender.endRow();
            }
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return store.connect();
    }

    /** One process: the predictions' own monitor already keeps runs apart. */
    @Override
    public Optional<AutoCloseable> exclusiveRun() {
        return Optional.of(() -> {
        });
    }

    @Override
    public long head() {
        return eventLog.head();
    }

    @Override
    public long applied() {
        return profiles.position();
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public long newestScoredRun() {
        return jdbc.sql("SELECT coalesce(max(run_id), 0) FROM profile_scores").query(Long.class).single();
    }
}
