package io.percept.eventlog.postgres;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventStore;
import io.percept.eventlog.EventStoreContract;
import io.percept.eventlog.IdentityKey;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.ClusterDatabase;
import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Cluster mode's store against the store port's contract: events get seqs as if from a Kafka topic
 * of three partitions (placed by identity key) and are written in one transaction.
 */
class PostgresEventStoreContractTests extends EventStoreContract {

    private static final int PARTITIONS = 3;

    private PostgresTestDatabase database;
    private ClusterDatabase cluster;
    private PostgresEventStore store;
    private final long[] nextOffsets = new long[PARTITIONS];

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        cluster = database.open(4);
        store = new PostgresEventStore(cluster.dataSource());
    }

    @AfterEach
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected EventStore eventStore() {
        return store;
    }

    @Override
    protected List<LoggedEvent> store(List<Event> events) throws Exception {
        List<LoggedEvent> logged = new ArrayList<>(events.size());
        for (Event event : events) {
            int partition = Math.floorMod(IdentityKey.of(event).hashCode(), PARTITIONS);
            logged.add(new LoggedEvent(ClusterSeq.of(partition, nextOffsets[partition]++), event));
        }
        try (Connection connection = cluster.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            store.write(connection, logged);
            connection.commit();
        }
        return logged;
    }
}
