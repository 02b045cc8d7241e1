package io.percept.eventlog.persistence;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventLogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's log (a DuckDB table, group-committed) against the log port's contract. */
class DuckDbEventLogContractTests extends EventLogContract {

    @TempDir
    Path dir;

    private final EmbeddedLogs logs = new EmbeddedLogs();

    @Override
    protected EventLog emptyLog() {
        return logs.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        logs.close();
    }
}
