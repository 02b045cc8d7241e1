package io.percept.rules;

import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Table {@code rule_deliveries}: the durable outbox. Writes go in batches (one statement per
 * {@value #CHUNK} rows, one transaction per call), since a DuckDB point write costs about a millisecond.
 */
final class DeliveryOutbox {

    private static final int CHUNK = 200;
    private static final String COLUMNS = "id, rule_id, idempotency_key, url, destination, secret, payload, timeout_ms, max_attempts, status, "
            + "attempts, created_at, next_attempt_at";
    private static final String LISTED = "id, rule_id, idempotency_key, url, destination, status, attempts, max_attempts, created_at, "
            + "next_attempt_at, delivered_at, last_code, last_error";

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final EmbeddedStore store;
    private final JdbcClient jdbc;

    DeliveryOutbox(EmbeddedStore store) {
        this.store = store;
        this.jdbc = JdbcClient.create(store.dataSource());
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
        return inTransaction(connection -> {
            Set<Long> inserted = new HashSet<>();
            for (List<Attempt> chunk : chunks(attempts)) {
                String sql = "INSERT INTO rule_deliveries (" + COLUMNS + ") VALUES "
                        + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)"))
                        + " ON CONFLICT DO NOTHING RETURNING id";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int p = 0;
                    LocalDateTime created = utc(now);
                    for (Attempt attempt : chunk) {
                        statement.setLong(++p, attempt.id);
                        statement.setString(++p, attempt.ruleId);
                        statement.setString(++p, attempt.idempotencyKey);
                        statement.setString(++p, attempt.url.toString());
                        statement.setString(++p, attempt.destination);
                        statement.setString(++p, attempt.secret);
                        statement.setString(++p, attempt.payload);
                        statement.setLong(++p, attempt.timeout.toMillis());
                        statement.setInt(++p, attempt.maxAttempts);
                        statement.setInt(++p, attempt.attempts);
                        statement.setObject(++p, created);
                        statement.setObject(++p, created);
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            inserted.add(rows.getLong(1));
                        }
                    }
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

    /** Writes attempt outcomes, one row each (the caller merged several changes of a row). */
    void update(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        inTransaction(connection -> {
            for (List<StatusChange> chunk : chunks(changes)) {
                String sql = "UPDATE rule_deliveries SET status = v.status, attempts = v.attempts, next_attempt_at = coalesce(v.next_at, next_attempt_at), "
                        + "delivered_at = v.delivered_at, last_code = v.code, last_error = v.error FROM (VALUES "
                        + String.join(", ", Collections.nCopies(chunk.size(), "(CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS INTEGER), "
                                + "CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), CAST(? AS INTEGER), CAST(? AS VARCHAR))"))
                        + ") AS v(id, status, attempts, next_at, delivered_at, code, error) WHERE rule_deliveries.id = v.id";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int p = 0;
                    for (StatusChange change : chunk) {
                        statement.setLong(++p, change.id());
                        statement.setString(++p, change.status().column());
                        statement.setInt(++p, change.attempts());
                        statement.setObject(++p, change.nextAttemptAt() == null ? null : utc(change.nextAttemptAt()));
                        statement.setObject(++p, change.deliveredAt() == null ? null : utc(change.deliveredAt()));
                        statement.setObject(++p, change.code());
                        statement.setString(++p, change.error());
                    }
                    statement.executeUpdate();
                }
            }
            return null;
        });
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
                                row.getString(6), row.getString(7), Duration.ofMillis(row.getLong(8)), row.getInt(9), row.getInt(11),
                                nowNanos - Duration.between(created, now).toNanos()));
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

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Writing webhook deliveries failed: " + e.getMessage(), e);
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
