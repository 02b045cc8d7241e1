package io.percept.eventlog;

import java.time.Instant;
import java.util.List;

/**
 * The durable events as a store to read from: by sequence number, a source's newest, and the
 * message ids that deduplication rebuilds from. The embedded log is its own store; cluster mode
 * keeps the events in PostgreSQL ({@code PostgresEventStore}), written from the Kafka log.
 */
public interface EventStore {

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

    /** Receives message ids from {@link #forEachMessageId}. */
    @FunctionalInterface
    interface MessageIdVisitor {

        void visit(String source, String messageId, Instant receivedAt);
    }
}
