/**
 * The demo: the generated world of a fictional company's customers ({@link io.percept.demo.world})
 * loaded through the public paths — the tracking API's ingest path and the importers — when Percept
 * starts with {@code demo}, then kept alive by its customers' live activity ({@link io.percept.demo.LiveStream})
 * for the example rules to act on; or written as files by {@code percept generate}.
 */
@ApplicationModule(displayName = "Demo", allowedDependencies = {"ingest", "eventlog", "platform", "console"})
package io.percept.demo;

import org.springframework.modulith.ApplicationModule;
