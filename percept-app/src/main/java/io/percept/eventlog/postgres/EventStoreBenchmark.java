package io.percept.eventlog.postgres;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.LogBenchmark;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.persistence.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Measures how fast {@link PostgresEventStore#write} stores events with {@code COPY}, against
 * plain batched {@code INSERT}s (one prepared statement, {@code executeBatch}) of the same rows.
 * Both paths encode each event's JSON inside the timing and commit one transaction per batch of
 * {@value #BATCH} events, a processor's default batch. After an uncounted warm-up of each, rounds
 * alternate COPY and INSERT; the median round of each is reported.
 *
 * <p>Run it on a migrated, scratch cluster database: it writes into {@code events} with Kafka
 * offsets from 2<sup>52</sup> up, which no real topic reaches, and deletes those rows and vacuums
 * the table after each round (outside the timing). A round of 100,000 events of 300 bytes
 * takes some 100 MB of table and write-ahead log.
 */
public final class EventStoreBenchmark {

    static final int BATCH = 5_000;
    private static final int ROUNDS = 3;
    private static final int EVENT_BYTES = 300;
    private static final long FIRST_OFFSET = 1L << 52;

    /**
     * @param events                events per round
     * @param batchSize             events per transaction
     * @param averageEventBytes     average canonical JSON size of the events
     * @param copyEventsPerSecond   median COPY round
     * @param insertEventsPerSecond median batched-INSERT round
     */
    public record Result(int events, int batchSize, double averageEventBytes, double copyEventsPerSecond, double insertEventsPerSecond) {

        /** COPY's rate over INSERT's. */
        public double speedup() {
            return copyEventsPerSecond / insertEventsPerSecond;
        }

        /** {@code key=value} figures for the CLI's last line. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "events=%d batch=%d event_bytes=%.0f copy_events_per_s=%.0f insert_events_per_s=%.0f speedup=%.2f",
                    events, batchSize, averageEventBytes, copyEventsPerSecond, insertEventsPerSecond, speedup());
        }
    }

    private EventStoreBenchmark() {
    }

    /** Measures on {@code dataSource} with {@code events} events per round (at least {@value #BATCH}). */
    public static Result run(DataSource dataSource, int events) {
        if (events < BATCH) {
            throw new IllegalArgumentException("events must be at least " + BATCH + ", was " + events);
        }
        List<Event> generated = LogBenchmark.generate(events, EVENT_BYTES, 20261127L);
        double averageBytes = generated.stream().mapToInt(event -> EventCodec.encode(event).length()).average().orElse(0);
        PostgresEventStore store = new PostgresEventStore(dataSource);
        long[] offset = {FIRST_OFFSET};
        try {
            List<Event> warmUp = generated.subList(0, BATCH);
            copyRound(store, dataSource, logged(warmUp, offset));
            insertRound(dataSource, logged(warmUp, offset));
            deleteWritten(dataSource);
            double[] copy = new double[ROUNDS];
            double[] insert = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                copy[round] = copyRound(store, dataSource, logged(generated, offset));
                deleteWritten(dataSource);
                insert[round] = insertRound(dataSource, logged(generated, offset));
                deleteWritten(dataSource);
            }
            return new Result(events, BATCH, averageBytes, median(copy), median(insert));
        } catch (SQLException e) {
            throw new IllegalStateException("the event store benchmark failed: " + e.getMessage(), e);
        } finally {
            deleteWritten(dataSource);
        }
    }

    /** The events with seqs of 16 partitions, as a topic would place them. */
    private static List<LoggedEvent> logged(List<Event> events, long[] offset) {
        List<LoggedEvent> logged = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            logged.add(new LoggedEvent(ClusterSeq.of(i % 16, offset[0] + i / 16), events.get(i)));
        }
        offset[0] += events.size() / 16 + 1;
        return logged;
    }

    private static double copyRound(PostgresEventStore store, DataSource dataSource, List<LoggedEvent> events) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (int from = 0; from < events.size(); from += BATCH) {
                store.write(connection, events.subList(from, Math.min(events.size(), from + BATCH)));
                connection.commit();
            }
            connection.setAutoCommit(true);
        }
        return events.size() * 1e9 / (System.nanoTime() - started);
    }

    private static double insertRound(DataSource dataSource, List<LoggedEvent> events) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO events (" + PostgresEventStore.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (int from = 0; from < events.size(); from += BATCH) {
                for (LoggedEvent logged : events.subList(from, Math.min(events.size(), from + BATCH))) {
                    Event event = logged.event();
                    insert.setLong(1, logged.seq());
                    insert.setInt(2, ClusterSeq.partition(logged.seq()));
                    insert.setString(3, event.source().value());
                    insert.setString(4, event.messageId().value());
                    insert.setString(5, event.type().wireName());
                    insert.setString(6, event.name());
                    insert.setString(7, event.userId());
                    insert.setString(8, event.anonymousId());
                    insert.setString(9, event.channel().wireName());
                    insert.setObject(10, OffsetDateTime.ofInstant(event.timestamp().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                    insert.setObject(11, OffsetDateTime.ofInstant(event.receivedAt().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                    insert.setString(12, EventCodec.encode(event));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            }
            connection.setAutoCommit(true);
        }
        return events.size() * 1e9 / (System.nanoTime() - started);
    }

    /** Deletes the benchmark's rows and vacuums, so that every round starts from the same table and the disk does not fill. */
    private static void deleteWritten(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE seq >= ?");
                Statement vacuum = connection.createStatement()) {
            delete.setLong(1, ClusterSeq.of(0, FIRST_OFFSET));
            delete.executeUpdate();
            vacuum.execute("VACUUM events");
        } catch (SQLException e) {
            throw new IllegalStateException("deleting the benchmark's events failed: " + e.getMessage(), e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
