/** Ingest's tables in the embedded store: {@code sources}. */
package io.percept.ingest.persistence;
