package io.percept.ingest.imports;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.ingest.IngestSettings;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A real store and log that import tests import into, with what they stored. */
final class ImportTarget implements AutoCloseable {

    private final EmbeddedStore store;
    private final DuckDbEventLog log;
    private final FileImporter importer;

    /** A new store in {@code dataDir}; imports in batches of {@code batchSize} events, 2 in flight. */
    ImportTarget(Path dataDir, int batchSize) {
        store = EmbeddedStore.open(dataDir, StoreOptions.DEFAULTS);
        log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
        importer = new FileImporter(log, Clock.systemUTC(), new IngestSettings.Imports(batchSize, 2));
    }

    FileImporter importer() {
        return importer;
    }

    /** Every event in the log, in order. */
    List<Event> stored() {
        try (LogReader reader = log.openReader()) {
            return reader.read(0, 10_000).stream().map(LoggedEvent::event).toList();
        }
    }

    /** Closes the log alone, so that appends fail (closing it again later is harmless). */
    void closeLog() {
        log.close();
    }

    @Override
    public void close() {
        log.close();
        store.close();
    }
}
