package io.percept.eventlog;

/**
 * Where one log processor is, as the health endpoint and the console's data page show it.
 *
 * @param name                the processor's name
 * @param state               STARTING, REPLAYING, RUNNING, FAILING or STOPPED
 * @param position            the sequence number of the last event it has committed
 * @param lagEvents           events in the log after its position
 * @param lagSeconds          how long the oldest of those has waited (0 when caught up)
 * @param replayTarget        while replaying, the head it catches up to at start; else 0
 * @param lastError           the last batch's failure, or null
 * @param consecutiveFailures batches failed in a row
 */
public record ProcessorStatus(String name, String state, long position, long lagEvents, double lagSeconds, long replayTarget, String lastError,
        int consecutiveFailures) {

    /** Whether it has stopped or keeps failing: the data behind it is not being kept up to date. */
    public boolean down() {
        return "FAILING".equals(state) || "STOPPED".equals(state);
    }

    /** Whether it is still loading or catching up with what was in the log when it started. */
    public boolean catchingUp() {
        return "STARTING".equals(state) || "REPLAYING".equals(state);
    }
}
