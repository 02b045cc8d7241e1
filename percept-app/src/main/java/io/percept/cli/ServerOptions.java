package io.percept.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that start Percept; unset options fall back to PERCEPT_* and defaults. */
final class ServerOptions {

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: $PERCEPT_PORT or 8080; 0 picks a free one)")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded store directory (default: $PERCEPT_DATA_DIR or ./percept-data)")
    Path dataDir;

    /** The options as Spring Boot command-line properties. */
    List<String> asProperties() {
        List<String> properties = new ArrayList<>();
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
            }
            properties.add("--server.port=" + port);
        }
        if (dataDir != null) {
            properties.add("--percept.platform.data-dir=" + dataDir.toAbsolutePath().normalize());
        }
        return properties;
    }
}
