package io.percept.cli;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that start the server; unset options fall back to PERCEPT_* and defaults. */
final class ServerOptions {

    @Mixin
    DataDirOption store = new DataDirOption();

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: $PERCEPT_PORT or 8080; 0 picks a free one)")
    Integer port;

    /** The options as Spring Boot command-line properties. */
    List<String> asProperties() {
        List<String> properties = store.asProperties();
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
            }
            properties.add("--server.port=" + port);
        }
        return properties;
    }
}
