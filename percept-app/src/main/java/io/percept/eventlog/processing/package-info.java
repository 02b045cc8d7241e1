/**
 * Runs the registered log processors: one thread each, batches read from the log, state and
 * checkpoint committed together, retries with back-off, lag metrics and readiness.
 */
package io.percept.eventlog.processing;
