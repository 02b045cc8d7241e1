package io.percept.rules;

import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreException;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Table {@code rule_deliveries}: the durable outbox. Writes go in batches, one transaction per call,
 * since a DuckDB commit costs milliseconds; inserts and outcome updates have a connection each, so
 * an enqueue never waits for an outcome's write. Thread-safe.
 */
final class DeliveryOutbox {

    private static final int CHUNK = 200;
    private static final String COLUMNS = "id, rule_id, idempotency_key, url, destination, secret, payload, timeout_ms, max_attempts, status, "
            + "attempts, created_at, next_attempt_at, batch_max";
    private static final String LISTED = "id, rule_id, idempotency_key, url, destination, status, attempts, max_attempts, created_at, "
            + "next_attempt_at, delivered_at, last_code, last_error";

    private final JdbcClient jdbc;
    private final StagedWriter inserts;
    private final StagedWriter outcomes;

    DeliveryOutbox(EmbeddedStore store) {
        this.jdbc = JdbcClient.create(store.dataSource());
        this.inserts = new StagedWriter(store, "rule_deliveries_staged", "SELECT * FROM rule_deliveries LIMIT 0");
        this.outcomes = new StagedWriter(store, "rule_delivery_outcomes_staged",
                "SELECT id, status, attempts, next_attempt_at AS next_at, delivered_at, last_code AS code, last_error AS error FROM rule_deliveries LIMIT 0");
    }

    long maxId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM rule_deliveries").query(Long.class).single();
    }

    /**
     * Stores the deliveries as pending and due at {@code now}, skipping those whose idempotency key
     * is stored already.
     *
     * @return the ids of the rows inserted
     */
    Set<Long> insert(List<Attempt> attempts, Instant now) {
        if (attempts.isEmpty()) {
            return Set.of();
        }
        LocalDateTime created = utc(now);
        return inserts.write(appender -> {
            for (Attempt attempt : attempts) {
                appender.beginRow().append(attempt.id).append(attempt.ruleId).append(attempt.idempotencyKey).append(attempt.url.toString())
                        .append(attempt.destination);
                io.percept.platform.AppenderValues.append(appender, attempt.secret);
                appender.append(attempt.payload).append(attempt.timeout.toMillis()).append(attempt.maxAttempts).append("pending")
                        .append(attempt.attempts).append(created).append(created).appendNull().appendNull().appendNull().append(attempt.batch)
                        .endRow();
            }
        }, statement -> {
            Set<Long> inserted = new HashSet<>();
            try (ResultSet rows = statement.executeQuery("INSERT INTO rule_deliveries SELECT * FROM " + inserts.staging
                    + " ON CONFLICT DO NOTHING RETURNING id")) {
                while (rows.next()) {
                    inserted.add(rows.getLong(1));
                }
            }
            return inserted;
        });
    }

    /** The stored ids of these idempotency keys. */
    Map<String, Long> idsOf(Collection<String> keys) {
        Map<String, Long> ids = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(keys))) {
            jdbc.sql("SELECT idempotency_key, id FROM rule_deliveries WHERE idempotency_key IN (" + placeholders(chunk.size()) + ")")
                    .params(List.copyOf(chunk)).query(row -> {
                        ids.put(row.getString(1), row.getLong(2));
                    });
        }
        return ids;
    }

    /** Writes attempt outcomes, one per row (the caller merged several changes of a row). */
    void update(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        outcomes.write(appender -> {
            for (StatusChange change : changes) {
                appender.beginRow().append(change.id()).append(change.status().column()).append(change.attempts());
                io.percept.platform.AppenderValues.append(appender, change.nextAttemptAt() == null ? null : utc(change.nextAttemptAt()));
                io.percept.platform.AppenderValues.append(appender, change.deliveredAt() == null ? null : utc(change.deliveredAt()));
                io.percept.platform.AppenderValues.append(appender, change.code());
                io.percept.platform.AppenderValues.append(appender, change.error());
                appender.endRow();
            }
        }, statement -> statement.executeUpdate("UPDATE rule_deliveries SET status = v.status, attempts = v.attempts, "
                + "next_attempt_at = coalesce(v.next_at, rule_deliveries.next_attempt_at), delivered_at = v.delivered_at, last_code = v.code, "
                + "last_error = v.error FROM " + outcomes.staging + " AS v WHERE rule_deliveries.id = v.id"));
    }

    /** Ids of pending deliveries due at {@code now}, the {@code perDestination} oldest-due of each destination. */
    Map<Long, String> due(Instant now, int perDestination) {
        Map<Long, String> due = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT id, destination FROM (SELECT id, destination, row_number() OVER (PARTITION BY destination ORDER BY next_attempt_at, id) AS n "
                        + "FROM rule_deliveries WHERE status = 'pending' AND next_attempt_at <= ?) WHERE n <= ? ORDER BY destination, n")
                .params(utc(now), perDestination).query(row -> {
                    due.put(row.getLong(1), row.getString(2));
                });
        return due;
    }

    /** The deliveries with these ids, ready to attempt; their latency counts from {@code created_at}. */
    List<Attempt> load(Collection<Long> ids, Instant now, long nowNanos) {
        List<Attempt> attempts = new ArrayList<>();
        for (List<Long> chunk : chunks(List.copyOf(ids))) {
            jdbc.sql("SELECT " + COLUMNS + " FROM rule_deliveries WHERE id IN (" + placeholders(chunk.size()) + ") ORDER BY id")
                    .params(List.copyOf(chunk)).query(row -> {
                        Instant created = instant(row.getObject(12, LocalDateTime.class));
                        attempts.add(new Attempt(row.getLong(1), row.getString(2), row.getString(3), URI.create(row.getString(4)), row.getString(5),
                                row.getString(6), row.getString(7), Duration.ofMillis(row.getLong(8)), row.getInt(9), Math.max(1, row.getInt(14)),
                                row.getInt(11), nowNanos - Duration.between(created, now).toNanos()));
                    });
        }
        return attempts;
    }

    /** Sets dead deliveries (of one id, or of one rule) pending, due now, with no attempts made. */
    int replay(Long id, String ruleId, Instant now) {
        String sql = "UPDATE rule_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_code = NULL, last_error = NULL "
                + "WHERE status = 'dead' AND " + (id != null ? "id = ?" : "rule_id = ?");
        return jdbc.sql(sql).params(utc(now), id != null ? id : ruleId).update();
    }

    /** The newest deliveries first; a null rule or status matches all. */
    List<DeliveryRecord> list(String ruleId, DeliveryStatus status, int limit) {
        return jdbc.sql("SELECT " + LISTED + " FROM rule_deliveries WHERE (? IS NULL OR rule_id = ?) AND (? IS NULL OR status = ?) "
                        + "ORDER BY id DESC LIMIT ?")
                .params(ruleId, ruleId, status == null ? null : status.column(), status == null ? null : status.column(), limit)
                .query((row, i) -> new DeliveryRecord(row.getLong(1), row.getString(2), row.getString(3), URI.create(row.getString(4)),
                        row.getString(5), DeliveryStatus.ofColumn(row.getString(6)), row.getInt(7), row.getInt(8),
                        instant(row.getObject(9, LocalDateTime.class)), instant(row.getObject(10, LocalDateTime.class)),
                        instant(row.getObject(11, LocalDateTime.class)), (Integer) row.getObject(12), row.getString(13)))
                .list();
    }

    /** The rule's stored deliveries by status, every status present. */
    Map<DeliveryStatus, Long> counts(String ruleId) {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, count(*) FROM rule_deliveries WHERE rule_id = ? GROUP BY status").param(ruleId).query(row -> {
            counts.put(DeliveryStatus.ofColumn(row.getString(1)), row.getLong(2));
        });
        return counts;
    }

    /** Closes the writers' connections; a later write opens them again. */
    void close() {
        inserts.close();
        outcomes.close();
    }

    /**
     * Batched writes through one kept connection: rows go through an appender into a temporary
     * staging table, then into {@code rule_deliveries} in one statement and one transaction (a
     * multi-row statement with parameters costs several times as much). One write at a time.
     */
    private static final class StagedWriter {

        private interface Fill {
            void rows(DuckDBAppender appender) throws SQLException;
        }

        private interface Apply<T> {
            T run(Statement statement) throws SQLException;
        }

        private final EmbeddedStore store;
        private final String staging;
        private final String columns;
        private DuckDBConnection connection;

        StagedWriter(EmbeddedStore store, String staging, String columns) {
            this.store = store;
            this.staging = staging;
            this.columns = columns;
        }

        synchronized <T> T write(Fill fill, Apply<T> apply) {
            try {
                DuckDBConnection open = connection();
                open.setAutoCommit(false);
                try (Statement statement = open.createStatement()) {
                    try (DuckDBAppender appender = EmbeddedStore.appender(open, staging)) {
                        fill.rows(appender);
                    }
                    T result = apply.run(statement);
                    statement.execute("DELETE FROM " + staging);
                    open.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    EmbeddedStore.rollback(open);
                    throw e;
                } finally {
                    open.setAutoCommit(true);
                }
            } catch (SQLException e) {
                close();
                throw new StoreException("Writing webhook deliveries failed: " + e.getMessage(), e);
            }
        }

        private DuckDBConnection connection() throws SQLException {
            if (connection == null) {
                DuckDBConnection opened = store.connect();
                try (Statement statement = opened.createStatement()) {
                    statement.execute("CREATE TEMP TABLE " + staging + " AS " + columns);
                } catch (SQLException e) {
                    opened.close();
                    throw e;
                }
                connection = opened;
            }
            return connection;
        }

        synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // the store is closing or broken: the next write opens a new connection
                }
                connection = null;
            }
        }
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
