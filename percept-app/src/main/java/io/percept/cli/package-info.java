/**
 * The command line ({@code java -jar percept.jar <command>}): parses arguments with picocli and
 * starts the application, or a part of it, for serve, demo, import, bench, train, sentiment, clv and version.
 */
@ApplicationModule(displayName = "CLI", allowedDependencies = {"prediction", "rules", "ingest", "eventlog", "profile", "platform", "demo", "demo::world", "perception", "ingest :: tables", "segmentation"})
package io.percept.cli;

import org.springframework.modulith.ApplicationModule;
