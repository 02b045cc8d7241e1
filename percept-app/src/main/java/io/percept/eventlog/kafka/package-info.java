/**
 * Cluster mode's event log: a Kafka topic partitioned by identity key, written in one producer
 * transaction per group commit and read with {@code read_committed} consumers, so a failed group
 * is never seen by a reader.
 */
package io.percept.eventlog.kafka;
