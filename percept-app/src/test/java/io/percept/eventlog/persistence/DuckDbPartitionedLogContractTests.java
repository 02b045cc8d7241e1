package io.percept.eventlog.persistence;

import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.PartitionedLogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded log, one partition, against the partitioned log's contract. */
class DuckDbPartitionedLogContractTests extends PartitionedLogContract {

    @TempDir
    Path dir;

    private final EmbeddedLogs logs = new EmbeddedLogs();

    @Override
    protected PartitionedLog emptyLog() {
        return logs.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        logs.close();
    }
}
