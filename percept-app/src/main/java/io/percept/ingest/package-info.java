/**
 * Collect: sources and their write keys, validation of Segment-spec messages (with clock-skew
 * correction) into events, and their append to the log; bulk import of event files.
 */
@ApplicationModule(displayName = "Ingest", allowedDependencies = {"eventlog", "platform"})
package io.percept.ingest;

import org.springframework.modulith.ApplicationModule;
