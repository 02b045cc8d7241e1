/**
 * Ingest's rules in plain Java: what makes a Segment-spec message valid, how its timestamp is
 * corrected for clock skew, and how {@code PERCEPT_WRITE_KEYS} declares sources.
 */
package io.percept.ingest.domain;
