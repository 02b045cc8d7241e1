package io.percept.eventlog;

import java.sql.Connection;
import java.util.List;

/**
 * A consumer of cluster mode's partitioned log whose state lives in the shared database. Instances
 * of Percept run one per processor name as members of one Kafka consumer group, so each partition is
 * processed by one instance at a time and adding instances spreads the partitions.
 *
 * <p>The runner hands over batches of events from the partitions this instance owns, each inside a
 * database transaction that also stores the processor's position per partition; it first locks
 * those positions and drops events at or before them. The effect of every event is therefore
 * applied exactly once, even when a rebalance briefly lets two instances read the same partition or
 * an instance dies mid-batch (its transaction rolls back and the partition's next owner starts from
 * the stored position).
 */
public interface PartitionedProcessor {

    /** A stable name, 1-64 lower-case letters, digits or '-': it keys the positions and the consumer group. */
    String name();

    /**
     * Applies a batch. Must not commit, roll back or change auto-commit; an exception rolls the batch
     * back, {@link #failed} is called, and the events are delivered again.
     *
     * @param batch      events after the stored positions, in order within each partition
     * @param connection the transaction in which the positions will be stored
     */
    void process(List<LoggedEvent> batch, Connection connection) throws Exception;

    /** A batch was rolled back: drop in-memory state that may no longer match the database. */
    default void failed() {
    }
}
