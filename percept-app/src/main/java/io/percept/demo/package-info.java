/**
 * The demo: a small generated, seeded customer history loaded through the public ingest path when
 * Percept starts with {@code demo}. (A placeholder world until the demo-world generator lands.)
 */
@ApplicationModule(displayName = "Demo", allowedDependencies = {"ingest", "eventlog"})
package io.percept.demo;

import org.springframework.modulith.ApplicationModule;
