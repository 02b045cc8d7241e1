/**
 * Technical wiring shared by every module: the embedded DuckDB store, cluster mode's PostgreSQL
 * database and their SQL migrations, the data source, JSON reading and writing, the admin API
 * token, and start/stop logging.
 */
@ApplicationModule(displayName = "Platform", allowedDependencies = {})
package io.percept.platform;

import org.springframework.modulith.ApplicationModule;
