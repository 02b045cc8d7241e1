/**
 * Percept's application: {@link io.percept.PerceptApplication} and, one per sub-package, its
 * modules (platform, eventlog, ingest, insight, demo, cli). Module boundaries are verified by
 * Spring Modulith; see {@code docs/architecture.md}.
 */
package io.percept;
