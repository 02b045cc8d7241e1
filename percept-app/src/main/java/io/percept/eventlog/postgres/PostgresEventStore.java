package io.percept.eventlog.postgres;

import io.percept.eventlog.WritableEventStore;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.persistence.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Cluster mode's event store: table {@code events} in PostgreSQL (migration
 * {@code db/cluster/V1}), written from the Kafka log by a processor and read through the store
 * port. Each row carries the event's canonical JSON ({@link EventCodec}), so reads return the event
 * exactly as it was logged; the other columns copy fields of it for queries.
 *
 * <p><b>Writing.</b> {@link #write} runs inside the caller's transaction and bulk-loads with
 * {@code COPY}. It does not deduplicate: the caller commits its Kafka offsets (table
 * {@code checkpoints}) in the same transaction, so a batch replayed after a crash or a rebalance
 * was rolled back with its offsets and is written once. Writing an event that is already stored
 * (same seq and timestamp) fails on the primary key instead of duplicating it.
 *
 * <p><b>Month partitions.</b> {@code events} is partitioned by the event's timestamp, one
 * partition per calendar month (UTC), named {@code events_yYYYYmMM}. A write creates the partitions
 * its events need, and next month's ahead of time, under a transaction advisory lock so that two
 * instances writing the same new month do not collide; the loser of the race waits for the
 * winner's commit and finds the partition there. Months from 1970
 * to the month after the current one get partitions; events outside that window (a client clock
 * years off, a timestamp far in the future) go to the {@code DEFAULT} partition by design, so that
 * garbage timestamps cannot create hundreds of partitions. When a month comes into the window its
 * rows move from the default partition into the new one, in the same transaction (PostgreSQL
 * refuses a partition whose rows sit in the default one). Creating a partition attaches a new table,
 * which locks only the default partition exclusively, for a moment; a long scan over all events
 * (rebuilding deduplication state) delays it until the scan ends.
 *
 * <p><b>Reading.</b> Sequence numbers are Kafka partition and offset ({@code ClusterSeq}): they are
 * ordered within a Kafka partition but say nothing about time across partitions. So
 * {@link #newest} and {@link #forEachMessageId} go by receive time (sequence number on ties), not
 * by sequence number as the embedded log does; {@link #read} returns sequence-number order as the
 * port promises. A read by seq probes each month partition's primary key. The scans stream with a
 * fetch size in a read-only transaction of their own.
 *
 * <p>Thread-safe.
 */
public final class PostgresEventStore implements WritableEventStore {

    /** The columns written, in COPY order. */
    static final String COLUMNS = "seq, partition, source, message_id, type, name, user_id, anonymous_id, channel, occurred_at, received_at, payload";

    private static final int FETCH_SIZE = 5_000;
    private static final int SEQS_PER_QUERY = 10_000;

    private final DataSource dataSource;
    private final MonthPartitions partitions;

    /** A store on the cluster database's connections ({@code ClusterDatabase.dataSource()}). */
    public PostgresEventStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** A store whose window of month partitions follows {@code clock}. */
    PostgresEventStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.partitions = new MonthPartitions(dataSource, clock);
    }

    /**
     * Stores events inside the caller's transaction on {@code connection} (not committed here):
     * creates missing month partitions, then copies the rows in. Each event's seq must be new.
     *
     * @throws SQLException if the database refuses; the caller rolls back
     */
    public void write(Connection connection, List<LoggedEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        partitions.prepare(connection, events);
        CopyRows.copy(connection, events);
    }

    /** How many events are stored. */
    public long count() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new LogUnavailableException("counting the stored events failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LoggedEvent> read(long[] seqs) {
        if (seqs.length == 0) {
            return List.of();
        }
        long[] sorted = Arrays.stream(seqs).sorted().distinct().toArray();
        List<LoggedEvent> events = new ArrayList<>(sorted.length);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT seq, payload FROM events WHERE seq = ANY (?) ORDER BY seq")) {
            for (int from = 0; from < sorted.length; from += SEQS_PER_QUERY) {
                select.setObject(1, Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + SEQS_PER_QUERY)));
                collect(select, events);
            }
            return events;
        } catch (SQLException e) {
            throw new LogUnavailableException("reading " + seqs.length + " events by seq failed: " + e.getMessage(), e);
        }
    }

    /** The newest events of {@code source} by receive time, newest first, at most {@code limit}. */
    @Override
    public List<LoggedEvent> newest(SourceName source, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT seq, payload FROM events WHERE source = ? ORDER BY received_at DESC, seq DESC LIMIT ?")) {
            select.setString(1, source.value());
            select.setInt(2, limit);
            List<LoggedEvent> events = new ArrayList<>(Math.min(limit, 1024));
            collect(select, events);
            return events;
        } catch (SQLException e) {
            throw new LogUnavailableException("reading the newest events of " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** Visits the events received at or after {@code since}, in receive order. */
    @Override
    public void forEachMessageId(Instant since, MessageIdVisitor visitor) {
        scanMessageIds("WHERE received_at >= ?", select -> select.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)), visitor);
    }

    /** Visits the events of {@code source}, in receive order. */
    @Override
    public void forEachMessageId(SourceName source, MessageIdVisitor visitor) {
        scanMessageIds("WHERE source = ?", select -> select.setString(1, source.value()), visitor);
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void scanMessageIds(String where, Binder binder, MessageIdVisitor visitor) {
        try (Connection connection = dataSource.getConnection()) {
            // pgjdbc streams with a cursor only outside auto-commit
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT source, message_id, received_at FROM events " + where + " ORDER BY received_at, seq")) {
                select.setFetchSize(FETCH_SIZE);
                binder.bind(select);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(rows.getString(1), rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant());
                    }
                }
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LogUnavailableException("scanning message ids failed: " + e.getMessage(), e);
        }
    }

    private static void collect(PreparedStatement select, List<LoggedEvent> events) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add(new LoggedEvent(rows.getLong(1), EventCodec.decode(rows.getString(2))));
            }
        }
    }
}
