/**
 * The event log, Percept's single source of truth: the event model (Segment-spec messages with
 * Percept's channel and source), the append-only, totally ordered log with group commit, and the
 * processor framework through which every downstream module consumes it from a checkpoint.
 */
@ApplicationModule(displayName = "Event log", allowedDependencies = "platform")
package io.percept.eventlog;

import org.springframework.modulith.ApplicationModule;
