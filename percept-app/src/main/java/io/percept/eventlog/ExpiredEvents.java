package io.percept.eventlog;

/**
 * Which events the retention job has taken out of the embedded log, for the modules whose rows
 * derive from single events (event identities, text perceptions): {@link #BEFORE} is a SQL condition
 * on a {@code seq} column that holds for every event older than the oldest one still in the log.
 * Those derived rows follow their events out (docs/deploy.md, Data retention).
 */
public final class ExpiredEvents {

    /**
     * {@code seq} is below the oldest event left in {@code event_log}; when the log holds none, below
     * every processor's position (all of its events expired).
     */
    public static final String BEFORE = "seq < coalesce((SELECT min(seq) FROM event_log), "
            + "(SELECT coalesce(min(position), 0) + 1 FROM processor_checkpoints))";

    private ExpiredEvents() {
    }
}
