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
     * How long this processor lets a small batch grow while it keeps up, or {@code null} for
     * {@code percept.eventlog.processors.linger}: a processor whose work is latency-bound (rules
     * acting on events) asks for {@link java.time.Duration#ZERO}.
     */
    default java.time.Duration linger() {
        return null;
    }

    /**
     * How long consecutive batches may share one transaction: {@link java.time.Duration#ZERO} (the
     * default) commits after every batch. A processor that acts on events outside the store (rules
     * posting webhooks) and tolerates repeating those acts after a crash asks for a longer interval,
     * so that no commit stands between one batch and the next; the runner then commits when the
     * interval has passed since the last commit, and before {@link #idle} and {@link #stopping}.
     * {@link #committed} is called after each real commit, with the last batch's position. Such a
     * processor should write through the connection in {@link #beforeCommit}, not in
     * {@link #process}: a write transaction left open stops the store's background checkpoints.
     */
    default java.time.Duration commitInterval() {
        return java.time.Duration.ZERO;
    }

    /**
     * Called on the processor's thread right before the runner stores the checkpoint and commits,
     * in the same transaction as the batches since the last commit: the moment to write what those
     * batches gathered. An exception rolls them all back, as one from {@link #process} does.
     */
    default void beforeCommit(Connection connection) throws Exception {
    }

    /**
     * Reloads any in-memory state from the store, matching the committed checkpoint.
     *
     * @param connection a connection in a transaction that the runner rolls back afterwards
     */
    default void restore(Connection connection) throws Exception {
    }

    /**
     * Reloads in-memory state and says where to resume. A processor that keeps its state in
     * memory and saves it in snapshots returns the position of its newest snapshot, which may be
     * before {@code checkpoint}: the runner then delivers the events after that position again,
     * and the processor must treat anything it stored for them through the connection as not
     * there (typically by deleting it in its next {@link #process} call). The default calls
     * {@link #restore(Connection)} and resumes at the checkpoint.
     *
     * @param connection a connection in a transaction that the runner rolls back afterwards
     * @param checkpoint the committed checkpoint
     * @return the position to resume after, at most {@code checkpoint}
     */
    default long restore(Connection connection, long checkpoint) throws Exception {
        restore(connection);
        return checkpoint;
    }

    /**
     * Called on the processor's thread after a batch committed, with the state matching
     * {@code position}: the moment to save a snapshot of in-memory state.
     */
    default void committed(long position) throws Exception {
    }

    /**
     * Called on the processor's thread when it has caught up and no new event arrived within the
     * idle wait, with the state matching the committed {@code position}: the moment for deferred
     * work such as flushing derived tables.
     */
    default void idle(long position) throws Exception {
    }

    /**
     * Called on the processor's thread when the runner stops, if the state matches the committed
     * {@code position} (no failed batch is pending): the moment for a final snapshot.
     */
    default void stopping(long position) throws Exception {
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
