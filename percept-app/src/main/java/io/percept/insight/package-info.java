/**
 * Insight: what the console and its JSON API show: event volumes per day, channel, type and source,
 * and orders per day, hour, region, channel, category and sku ({@link io.percept.insight.OrderDays}), each kept by a log processor.
 */
@ApplicationModule(displayName = "Insight", allowedDependencies = {"eventlog", "profile", "perception", "platform"})
package io.percept.insight;

import org.springframework.modulith.ApplicationModule;
