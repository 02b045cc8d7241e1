package io.percept.eventlog.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.EventLogSettings;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Embedded logs a test opens on fresh stores, closed (each log, then its store) when the test ends. */
final class EmbeddedLogs implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A log with the default settings on a new store in {@code dir}. */
    DuckDbEventLog open(Path dir) {
        EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
        open.add(log);
        open.add(store);
        return log;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        open.clear();
    }
}
