package io.percept.eventlog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only, totally ordered event log (one partition in the embedded store). Appends are
 * group-committed: concurrent requests share one durable commit. Thread-safe.
 */
public interface EventLog extends EventStore {

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
     * Erases events for good (a person's right to erasure), inside the caller's transaction on
     * {@code connection}: the rows are deleted, so no reader or replay sees them again; their
     * bytes leave the database file when the store is compacted ({@code EmbeddedStore.compact}).
     * Sequence numbers are never reused.
     *
     * @return how many events were erased
     */
    int erase(java.sql.Connection connection, long[] seqs) throws java.sql.SQLException;
}
