/**
 * The console: server-rendered pages (Thymeleaf, htmx, ECharts) for leadership and the front line,
 * each backed by a JSON API under {@code /api/console}. Reads the other modules through their
 * facades; where a figure has no owner yet (orders, revenue, active customers in a period) it runs
 * read-only SQL on the embedded store.
 */
@ApplicationModule(displayName = "Console", allowedDependencies = {"perception", "prediction", "segmentation", "rules", "profile", "insight", "eventlog", "ingest", "access", "platform"})
package io.percept.console;

import org.springframework.modulith.ApplicationModule;
