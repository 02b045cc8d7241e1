package io.percept.eventlog;

import java.sql.Connection;
import java.util.List;

/**
 * A consumer of the log that keeps state derived from it (counters, profiles, scores). Register
 * one as a Spring bean and the processor runner feeds it batches in log order on its own thread.
 *
 * <p>The runner calls {@link #process} inside a transaction on {@code connection} and stores the
 * processor's checkpoint (the last sequence number of the batch) in the same transaction, then
 * commits. State written through {@code connection} therefore moves in lockstep with the
 * checkpoint: after a crash the batch is delivered again and applied exactly once. State a
 * processor also holds in memory must be rebuilt from the store by {@link #restore}, which the
 * runner calls at start and after any failed batch.
 */
public interface LogProcessor {

    /** A stable name, 1-64 lower-case letters, digits or '-'; it keys the checkpoint. */
    String name();

    /**
     * Reloads any in-memory state from the store, matching the committed checkpoint.
     *
     * @param connection a connection in a transaction that the runner rolls back afterwards
     */
    default void restore(Connection connection) throws Exception {
    }

    /**
     * Applies a batch. Must not commit, roll back or change auto-commit; an exception rolls the
     * batch back and it is retried (with back-off) after {@link #restore}.
     *
     * @param batch      one or more events, in log order, all after the last checkpoint
     * @param connection the transaction in which the checkpoint will be stored
     */
    void process(List<LoggedEvent> batch, Connection connection) throws Exception;
}
