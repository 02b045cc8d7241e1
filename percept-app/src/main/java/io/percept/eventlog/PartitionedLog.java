package io.percept.eventlog;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The event log seen as partitions, the shape both modes share: the embedded log is one partition,
 * cluster mode's Kafka topic has many, and an event's partition follows from its identity key
 * ({@link IdentityKey}), so one person's events keep their order. Sequence numbers are positive and
 * strictly increasing within a partition; across partitions they are only unique
 * ({@link ClusterSeq} says how cluster mode makes them). Thread-safe.
 */
public interface PartitionedLog {

    /** How many partitions the log has (1 for the embedded log). */
    int partitions();

    /**
     * Appends events as one unit: all of them or none become durable and visible to readers.
     *
     * @return completes with each event's sequence number, in the order given, once they are durable;
     *         or exceptionally with {@link LogUnavailableException} (nothing appended). May fail at once
     *         with {@link LogOverloadedException} when too many events are waiting.
     */
    CompletableFuture<long[]> appendAll(List<Event> events);

    /** The partition holding the event with sequence number {@code seq}. */
    int partitionOf(long seq);

    /** A reader of one partition, for one consuming thread; close it when done. */
    LogReader openReader(int partition);
}
