package io.percept.eventlog.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventLogContract;
import io.percept.eventlog.EventLogSettings;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's log (a DuckDB table, group-committed) against the log port's contract. */
class DuckDbEventLogContractTests extends EventLogContract {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @Override
    protected EventLog emptyLog() {
        EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
        open.add(log);
        open.add(store);
        return log;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }
}
