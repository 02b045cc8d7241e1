package io.percept.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --data-dir}, for every command that opens the embedded store. */
final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded store directory (default: $PERCEPT_DATA_DIR or ./percept-data)")
    Path dataDir;

    /** The option as Spring Boot command-line properties (none when not given). */
    List<String> asProperties() {
        List<String> properties = new ArrayList<>();
        if (dataDir != null) {
            properties.add("--percept.platform.data-dir=" + dataDir.toAbsolutePath().normalize());
        }
        return properties;
    }
}
