/**
 * The demo: the generated world of a fictional company's customers ({@link io.percept.demo.world})
 * loaded through the public paths — the tracking API's ingest path and the importers — when Percept
 * starts with {@code demo}, or written as files by {@code percept generate}.
 */
@ApplicationModule(displayName = "Demo", allowedDependencies = {"ingest", "eventlog", "platform"})
package io.percept.demo;

import org.springframework.modulith.ApplicationModule;
