/**
 * Insight: what the console and its JSON API show. For now, event volumes per day, channel, type
 * and source, maintained by a log processor.
 */
@ApplicationModule(displayName = "Insight", allowedDependencies = {"eventlog", "platform"})
package io.percept.insight;

import org.springframework.modulith.ApplicationModule;
