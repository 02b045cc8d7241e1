/** Deduplication of live traffic: the message ids seen per source within a time window. */
package io.percept.ingest.dedup;
