package io.percept.platform;

/**
 * Published (as a Spring application event) when a bulk load of history starts — an import job or
 * the demo world; a {@link HistoryLoaded} follows when it ends, also when it fails (with the events
 * stored by then). Batch work over history waits for it rather than run on half the history.
 *
 * @param what what is being loaded, for the log
 */
public record HistoryLoading(String what) {
}
