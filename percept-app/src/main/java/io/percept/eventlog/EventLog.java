package io.percept.eventlog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only, totally ordered event log (one partition in the embedded store). Appends are
 * group-committed: concurrent requests share one durable commit. Thread-safe.
 */
public interface EventLog {

    /**
     * Appends events in the given order as one unit: all of them or none become durable.
     *
     * @return completes with the events' sequence numbers once they are durable, or exceptionally
     *         with {@link LogUnavailableException} (nothing appended); fails at once with
     *         {@link LogOverloadedException} when too many events are waiting
     */
    CompletableFuture<AppendReceipt> append(List<Event> events);

    /** The sequence number of the newest durable event; 0 while the log is empty. */
    long head();

    /**
     * Waits until the head passes {@code seq} or the timeout elapses.
     *
     * @return whether {@code head() > seq}
     */
    boolean awaitHeadAfter(long seq, Duration timeout) throws InterruptedException;

    /** A reader for one consuming thread; close it when done. */
    LogReader openReader();

    /**
     * Visits the source, message id and receive time of every durable event received at or after
     * {@code since}, in log order (to rebuild deduplication state).
     */
    void forEachMessageId(Instant since, MessageIdVisitor visitor);

    /** The newest durable events of {@code source}, newest first, at most {@code limit}. */
    List<LoggedEvent> newest(SourceName source, int limit);

    /** Visits every durable event of {@code source}, in log order. */
    void forEachMessageId(SourceName source, MessageIdVisitor visitor);

    /**
     * The durable events at the given sequence numbers, in log order; numbers with no event (never
     * written, or erased) are skipped.
     */
    List<LoggedEvent> read(long[] seqs);

    /**
     * Erases events for good (a person's right to erasure), inside the caller's transaction on
     * {@code connection}: the rows are deleted, so no reader or replay sees them again; their
     * bytes leave the database file when the store is compacted ({@code EmbeddedStore.compact}).
     * Sequence numbers are never reused.
     *
     * @return how many events were erased
     */
    int erase(java.sql.Connection connection, long[] seqs) throws java.sql.SQLException;

    /** Receives message ids from {@link #forEachMessageId}. */
    @FunctionalInterface
    interface MessageIdVisitor {

        void visit(String source, String messageId, Instant receivedAt);
    }
}
