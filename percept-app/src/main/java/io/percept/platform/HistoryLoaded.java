package io.percept.platform;

/**
 * Published (as a Spring application event) when a bulk load of history has ended — an import job
 * or the demo world, after its {@link HistoryLoading} — so that batch work over history (the
 * prediction runs) can refresh once the profiles have caught up instead of waiting for its schedule.
 *
 * @param what   what was loaded, for the log ("import 3f2…", "demo world")
 * @param events how many events were stored (0 when it failed before storing any)
 */
public record HistoryLoaded(String what, long events) {
}
