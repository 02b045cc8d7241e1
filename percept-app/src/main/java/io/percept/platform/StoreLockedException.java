package io.percept.platform;

import java.nio.file.Path;

/** Another process holds the embedded store open (DuckDB allows one writing process per file). */
public class StoreLockedException extends StoreException {

    private final Path dataDir;

    public StoreLockedException(Path dataDir, String holder, Throwable cause) {
        super("The data directory " + dataDir + " is in use by another process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                + ". Stop that Percept first, or choose another directory with --data-dir.", cause);
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
