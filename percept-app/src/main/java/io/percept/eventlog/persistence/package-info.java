/**
 * The embedded implementation of the log: DuckDB table {@code event_log}, the group-commit
 * writer, the in-memory tail cache, the canonical JSON codec and processor checkpoints.
 */
package io.percept.eventlog.persistence;
