package io.percept.eventlog.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.percept.eventlog.AppendReceipt;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.SourceName;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.PiiCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log in the embedded DuckDB store. Callers encode their events and queue them; one
 * writer thread gathers queued requests into a batch (group commit), appends the batch with
 * DuckDB's Appender in one transaction, commits (DuckDB syncs its write-ahead log), and only then
 * completes the requests' futures. Sequence numbers are assigned by the writer, so the log is
 * totally ordered and dense.
 */
public final class DuckDbEventLog implements EventLog, PartitionedLog, AutoCloseable {

    static final String TABLE = "event_log";

    private static final Logger log = LoggerFactory.getLogger(DuckDbEventLog.class);
    /** How often a stopped log asks the store whether it takes writes again. */
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final EmbeddedStore store;
    private final PiiCipher cipher;
    private final FreeDisk disk;
    private final EventLogSettings settings;
    private final DuckDBConnection writerConnection;
    private final GroupCommitQueue<AppendRequest> requests;
    private final TailCache tail;
    private final Object headSignal = new Object();
    private final Thread writer;
    private final Counter appendedEvents;
    private final Counter failedEvents;
    private final Counter rejectedEvents;
    private final DistributionSummary batchSizes;
    private final Timer commitTimer;
    private final Timer appendLatency;
    private volatile boolean running = true;
    private volatile Throwable fatal;
    private final Object probeLock = new Object();
    /** When {@link #recovered} may ask the store again; guarded by {@link #probeLock}. */
    private long nextProbeNanos;

    /** One encoded event, ready for the appender. */
    record Row(String messageId, long receivedAtMicros, String source, String payload) {

        static Row of(Event event, PiiCipher cipher) {
            Instant received = event.receivedAt();
            return new Row(event.messageId().value(), ChronoUnit.MICROS.between(Instant.EPOCH, received),
                    event.source().value(), EventCodec.encode(event, cipher));
        }
    }

    private record AppendRequest(List<Event> events, List<Row> rows, CompletableFuture<AppendReceipt> receipt, long enqueuedNanos)
            implements GroupCommitQueue.Request {

        @Override
        public int eventCount() {
            return rows.size();
        }
    }

    /**
     * Opens the log on the store and starts its writer thread.
     *
     * @throws LogUnavailableException if the store cannot be read
     */
    public DuckDbEventLog(EmbeddedStore store, EventLogSettings settings, MeterRegistry meters) {
        this.store = store;
        this.cipher = store.cipher();
        this.disk = FreeDisk.of(store.dataDir(), settings.minFreeDisk().toBytes());
        this.settings = settings;
        long head;
        try {
            this.writerConnection = store.connect();
            writerConnection.setAutoCommit(false);
            head = readHead(writerConnection);
            writerConnection.commit();
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot open the event log: " + e.getMessage(), e);
        }
        this.tail = new TailCache(settings.tailCacheEvents(), head);
        this.appendedEvents = Counter.builder("percept.log.appended.events").description("Events made durable in the log").register(meters);
        this.failedEvents = Counter.builder("percept.log.failed.events").description("Events whose commit failed (not acknowledged)").register(meters);
        this.rejectedEvents = Counter.builder("percept.log.rejected.events").description("Events refused because too many were pending").register(meters);
        this.requests = new GroupCommitQueue<>(settings.groupCommit().maxEvents(), settings.groupCommit().maxDelay(), settings.maxPendingEvents(),
                rejectedEvents::increment);
        this.batchSizes = DistributionSummary.builder("percept.log.commit.batch.events").description("Events per group commit").register(meters);
        this.commitTimer = Timer.builder("percept.log.commit").description("Time to append and commit one batch").publishPercentileHistogram().register(meters);
        this.appendLatency = Timer.builder("percept.log.append.latency").description("From append() to durable acknowledgement").publishPercentileHistogram().register(meters);
        Gauge.builder("percept.log.head.seq", this, DuckDbEventLog::head).description("Sequence number of the newest durable event").register(meters);
        Gauge.builder("percept.log.pending.events", requests, GroupCommitQueue::pendingEvents).description("Events queued for the next commits").register(meters);
        this.writer = new Thread(this::writeLoop, "eventlog-writer");
        writer.setDaemon(false);
        writer.start();
        log.info("Event log open at seq {} ({})", head, store.dataDir());
    }

    private static long readHead(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT greatest(coalesce((SELECT max(seq) FROM " + TABLE + "), 0), "
                        + "coalesce((SELECT max(position) FROM processor_checkpoints), 0))")) {
            // erased events leave gaps, possibly at the end: a processor's checkpoint keeps the head from going back
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public CompletableFuture<AppendReceipt> append(List<Event> events) {
        if (events.isEmpty()) {
            long head = head();
            return CompletableFuture.completedFuture(new AppendReceipt(head + 1, head, 0));
        }
        Throwable failure = fatal;
        if (failure != null && !recovered()) {
            return CompletableFuture.failedFuture(new LogUnavailableException("the event log is unavailable after a store failure: "
                    + failure.getMessage(), failure));
        }
        String diskFull = disk.shortage();
        if (diskFull != null) {
            return CompletableFuture.failedFuture(new LogUnavailableException(diskFull));
        }
        return requests.submit(events.size(), () -> {
            List<Row> rows = new ArrayList<>(events.size());
            for (Event event : events) {
                rows.add(Row.of(event, cipher));
            }
            return new AppendRequest(List.copyOf(events), rows, new CompletableFuture<>(), System.nanoTime());
        }, AppendRequest::receipt);
    }

    @Override
    public long head() {
        return tail.head();
    }

    @Override
    public boolean awaitHeadAfter(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (headSignal) {
            while (tail.head() <= seq && running) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(headSignal, remaining);
            }
        }
        return tail.head() > seq;
    }

    /** The embedded log is one partition. */
    @Override
    public int partitions() {
        return 1;
    }

    @Override
    public CompletableFuture<long[]> appendAll(List<Event> events) {
        return append(events).thenApply(receipt -> {
            long[] seqs = new long[receipt.count()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = receipt.seqOf(i);
            }
            return seqs;
        });
    }

    @Override
    public int partitionOf(long seq) {
        return 0;
    }

    @Override
    public LogReader openReader(int partition) {
        if (partition != 0) {
            throw new IllegalArgumentException("the embedded log has one partition (0), not " + partition);
        }
        return openReader();
    }

    @Override
    public LogReader openReader() {
        try {
            return new StoreReader(store.connect());
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot read the event log: " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachMessageId(Instant since, MessageIdVisitor visitor) {
        scanMessageIds("SELECT source, message_id, received_at FROM " + TABLE + " WHERE received_at >= ? ORDER BY seq",
                statement -> statement.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC)), visitor);
    }

    @Override
    public List<LoggedEvent> newest(SourceName source, int limit) {
        try (Connection connection = store.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT seq, payload FROM " + TABLE + " WHERE source = ? AND seq <= ? ORDER BY seq DESC LIMIT ?")) {
            statement.setString(1, source.value());
            statement.setLong(2, head());
            statement.setInt(3, limit);
            List<LoggedEvent> events = new ArrayList<>(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(new LoggedEvent(rows.getLong(1), EventCodec.decode(rows.getString(2), cipher)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new LogUnavailableException("reading the newest events of " + source + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachMessageId(SourceName source, MessageIdVisitor visitor) {
        scanMessageIds("SELECT source, message_id, received_at FROM " + TABLE + " WHERE source = ? ORDER BY seq",
                statement -> statement.setString(1, source.value()), visitor);
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void scanMessageIds(String sql, Binder binder, MessageIdVisitor visitor) {
        try (Connection connection = store.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    visitor.visit(rows.getString(1), rows.getString(2), rows.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC));
                }
            }
        } catch (SQLException e) {
            throw new LogUnavailableException("scanning message ids failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LoggedEvent> read(long[] seqs) {
        if (seqs.length == 0) {
            return List.of();
        }
        long[] sorted = seqs.clone();
        java.util.Arrays.sort(sorted);
        List<LoggedEvent> events = new ArrayList<>(sorted.length);
        try (Connection connection = store.connect()) {
            for (int from = 0; from < sorted.length; from += IN_LIST) {
                // a semi-join on an unnested list, not a plain IN list: DuckDB evaluates a long IN list
                // as a filter while scanning every payload in the seq range (about 10x slower when spread out)
                String sql = "SELECT seq, payload FROM " + TABLE + " WHERE seq IN (SELECT unnest([" + inList(sorted, from)
                        + "]::BIGINT[])) ORDER BY seq";
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        events.add(new LoggedEvent(rows.getLong(1), EventCodec.decode(rows.getString(2), cipher)));
                    }
                }
            }
            return events;
        } catch (SQLException e) {
            throw new LogUnavailableException("reading " + seqs.length + " events by seq failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the events received before {@code cutoff} that every log processor has applied (the
     * retention job; docs/deploy.md, Data retention). The newest events stay, so the head and the
     * sequence numbers never go back; readers already skip gaps (erased events leave them too).
     *
     * @return how many events were deleted
     */
    public long expire(java.time.Instant cutoff) {
        try (Connection connection = store.connect();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE received_at < ? AND seq <= "
                        + "(SELECT coalesce(min(position), 0) FROM processor_checkpoints) AND seq < ?")) {
            delete.setObject(1, java.time.LocalDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
            delete.setLong(2, tail.head());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new LogUnavailableException("expiring events received before " + cutoff + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int erase(Connection connection, long[] seqs) throws SQLException {
        int erased = 0;
        for (int from = 0; from < seqs.length; from += IN_LIST) {
            try (Statement statement = connection.createStatement()) {
                erased += statement.executeUpdate("DELETE FROM " + TABLE + " WHERE seq IN (" + inList(seqs, from) + ")");
            }
        }
        for (long seq : seqs) {
            tail.forget(seq);
        }
        return erased;
    }

    /** Sequence numbers per {@code IN (...)} list. */
    private static final int IN_LIST = 2_000;

    /** {@code seqs[from]}, ... up to {@link #IN_LIST} of them, comma-separated (numbers only: safe to inline). */
    private static String inList(long[] seqs, int from) {
        StringBuilder list = new StringBuilder();
        for (int i = from; i < Math.min(seqs.length, from + IN_LIST); i++) {
            list.append(i > from ? "," : "").append(seqs[i]);
        }
        return list.toString();
    }

    /** Events queued but not yet committed. */
    public long pendingEvents() {
        return requests.pendingEvents();
    }

    /** Why appends are refused for want of disk space, or {@code null} while there is enough. */
    public String diskShortage() {
        return disk.shortage();
    }

    /** The store failure that stopped the log, or {@code null} while it is healthy (or has just recovered). */
    public Throwable failure() {
        if ((fatal != null || store.writeFailure() != null) && recovered()) {
            return null;
        }
        return fatal != null ? fatal : store.writeFailure();
    }

    /**
     * Whether the log, stopped by a failed write to the store, may accept appends again: at most every
     * {@link #PROBE_INTERVAL_NANOS}, the store tries a small write; once it commits (space was freed),
     * the failure is cleared. Appends and health checks call this, so the log resumes within seconds
     * of space coming back, without a restart.
     */
    private boolean recovered() {
        synchronized (probeLock) {
            long now = System.nanoTime();
            if (now - nextProbeNanos < 0) {
                return false;
            }
            nextProbeNanos = now + PROBE_INTERVAL_NANOS;
            Throwable stopped = fatal;
            if (stopped != null && !EmbeddedStore.isWriteFailure(stopped) || disk.shortage() != null || !store.probeWrites()) {
                return false;
            }
            if (fatal == stopped) {
                fatal = null;
            }
            if (stopped != null) {
                log.info("Event log accepts appends again: the store takes writes (it stopped after: {})", stopped.getMessage());
            }
            return fatal == null;
        }
    }

    public boolean isWriterAlive() {
        return writer.isAlive();
    }

    private void writeLoop() {
        List<AppendRequest> batch = new ArrayList<>();
        while (running || requests.hasQueued()) {
            try {
                int events = requests.nextGroup(batch);
                if (events > 0) {
                    commit(batch, events);
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException | Error e) {
                log.error("Event log writer failed: {}", e.toString());
                fail(batch, new LogUnavailableException("event log writer failed: " + e, e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<AppendRequest> batch, int events) {
        if (fatal == null && store.writeFailure() != null) {
            fatal = store.writeFailure();
            log.error("Event log stopped after a failed write to the store; appends are refused until it takes writes again: {}",
                    fatal.getMessage());
        }
        if (fatal != null) {
            fail(batch, new LogUnavailableException("the event log is unavailable after a store failure: " + fatal.getMessage(), fatal));
            return;
        }
        long started = System.nanoTime();
        long first = tail.head() + 1;
        long seq = first - 1;
        try {
            try (DuckDBAppender appender = EmbeddedStore.appender(writerConnection, TABLE)) {
                for (AppendRequest request : batch) {
                    for (Row row : request.rows()) {
                        seq++;
                        appender.beginRow()
                                .append(seq)
                                .appendEpochMicros(row.receivedAtMicros())
                                .append(row.source())
                                .append(row.messageId())
                                .append(row.payload())
                                .endRow();
                    }
                }
            }
            writerConnection.commit();
        } catch (SQLException e) {
            rollbackAfter(e);
            fail(batch, new LogUnavailableException("commit of " + events + " events failed: " + e.getMessage(), e));
            return;
        }
        if (store.writeFailure() != null) {
            // another connection's write failed meanwhile: if its write-ahead log entry was torn rather than cut back,
            // DuckDB would not replay anything written after it, this commit included
            unlogged(batch, events, first, seq);
            return;
        }
        long committed = System.nanoTime();
        List<LoggedEvent> logged = new ArrayList<>(events);
        long next = first;
        for (AppendRequest request : batch) {
            for (Event event : request.events()) {
                logged.add(new LoggedEvent(next++, event));
            }
        }
        tail.publish(logged);
        synchronized (headSignal) {
            headSignal.notifyAll();
        }
        requests.release(events);
        long from = first;
        for (AppendRequest request : batch) {
            int count = request.rows().size();
            request.receipt().complete(new AppendReceipt(from, from + count - 1, count));
            appendLatency.record(committed - request.enqueuedNanos(), TimeUnit.NANOSECONDS);
            from += count;
        }
        appendedEvents.increment(events);
        batchSizes.record(events);
        commitTimer.record(committed - started, TimeUnit.NANOSECONDS);
    }

    /**
     * A commit that succeeded while another connection's write to the store's files had failed (a full disk). The
     * write-ahead log may be damaged behind this commit, so its events are not acknowledged, removed again (so a
     * checkpoint that succeeds later cannot store what the clients were told was not stored), and the log refuses
     * appends until the store takes writes again ({@link #recovered}).
     */
    private void unlogged(List<AppendRequest> batch, int events, long first, long last) {
        SQLException failure = new SQLException("a write to the store's files failed while " + events + " events were committed"
                + " (disk full?), so they were not acknowledged; appends resume once the store takes writes again", store.writeFailure());
        try (Statement statement = writerConnection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + TABLE + " WHERE seq BETWEEN " + first + " AND " + last);
            writerConnection.commit();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            rollbackQuietly();
        }
        fatal = failure;
        log.error("Event log stopped: {}", failure.getMessage());
        fail(batch, new LogUnavailableException("commit of " + events + " events failed: " + failure.getMessage(), failure));
    }

    private void rollbackQuietly() {
        try {
            EmbeddedStore.rollback(writerConnection);
        } catch (SQLException e) {
            log.debug("Rollback failed: {}", e.getMessage());
        }
    }

    /** Rolls back after a failed commit and stops the log if the store failed (rather than, say, a constraint). */
    private void rollbackAfter(SQLException cause) {
        try {
            EmbeddedStore.rollback(writerConnection);
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
        String message = String.valueOf(cause.getMessage());
        store.reportFailure(cause);
        if (message.contains("invalidated") || message.contains("FATAL") || message.contains("Connection Error") || store.writeFailure() != null) {
            fatal = cause;
            log.error("Event log stopped after a store failure; appends are refused until the store takes writes again (or, if DuckDB"
                    + " invalidated it, a restart): {}", message);
        } else {
            log.error("Event log commit failed, the batch was not acknowledged: {}", message);
        }
    }

    private void fail(List<AppendRequest> batch, LogUnavailableException failure) {
        for (AppendRequest request : batch) {
            requests.release(request.rows().size());
            failedEvents.increment(request.rows().size());
            request.receipt().completeExceptionally(failure);
        }
    }

    /**
     * Stops accepting appends, commits everything already queued, and stops the writer. Events
     * appended later fail with {@link LogUnavailableException}.
     */
    @Override
    public void close() {
        if (!requests.close() && !writer.isAlive()) {
            return;
        }
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail(requests.drain(), new LogUnavailableException("the event log closed before these events were committed"));
        synchronized (headSignal) {
            headSignal.notifyAll();
        }
        try {
            writerConnection.close();
        } catch (SQLException e) {
            log.warn("Closing the event log connection failed: {}", e.getMessage());
        }
    }

    /** Reads from the tail cache when it can, otherwise from the store. */
    private final class StoreReader implements LogReader {

        private final Connection connection;
        private PreparedStatement select;

        StoreReader(Connection connection) {
            this.connection = connection;
        }

        @Override
        public List<LoggedEvent> read(long afterSeq, int maxEvents) {
            List<LoggedEvent> cached = tail.read(afterSeq, maxEvents);
            if (cached != null) {
                return cached;
            }
            long upTo = Math.min(tail.head(), afterSeq + maxEvents);
            try {
                if (select == null) {
                    // erased events leave gaps, so the batch is bounded by LIMIT, not by seq arithmetic
                    select = connection.prepareStatement("SELECT seq, payload FROM " + TABLE + " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
                }
                select.setLong(1, afterSeq);
                select.setLong(2, tail.head());
                select.setInt(3, maxEvents);
                List<LoggedEvent> events = new ArrayList<>((int) Math.max(0, upTo - afterSeq));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new LoggedEvent(rows.getLong(1), EventCodec.decode(rows.getString(2), cipher)));
                    }
                }
                tail.fill(events);
                return events;
            } catch (SQLException e) {
                throw new LogUnavailableException("reading the event log after seq " + afterSeq + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                if (select != null) {
                    select.close();
                }
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing a log reader failed: {}", e.getMessage());
            }
        }
    }
}
