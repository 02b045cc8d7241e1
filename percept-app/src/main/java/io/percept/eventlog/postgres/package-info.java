/**
 * Cluster mode's event store in PostgreSQL: the events table partitioned by month, written with
 * COPY inside the caller's transaction, and the reads of the store port.
 */
package io.percept.eventlog.postgres;
