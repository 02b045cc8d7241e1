package io.percept.eventlog.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.PartitionedProcessor;
import io.percept.eventlog.TestEvents;
import io.percept.eventlog.kafka.KafkaEventLog;
import io.percept.eventlog.kafka.KafkaLogSettings;
import io.percept.platform.ClusterDatabase;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster runner on a real broker and PostgreSQL, with a processor that counts events in a table
 * in the batch's transaction: a failed batch is rolled back and applied once when retried; and
 * events that Kafka deleted (retention) before the processor applied them stop it with a clear
 * error instead of being skipped.
 */
class ClusterProcessorRunnerIT {

    private PostgresTestDatabase postgres;
    private ClusterDatabase database;
    private String topic;

    /** Counts each event's seq in {@code seen}; fails its first {@code failFirst} batches after applying them. */
    private static final class Counting implements PartitionedProcessor {

        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final int failFirst;

        Counting(int failFirst) {
            this.failFirst = failFirst;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO seen (seq) VALUES (?)")) {
                for (LoggedEvent logged : batch) {
                    insert.setLong(1, logged.seq());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            if (failures.getAndIncrement() < failFirst) {
                throw new IllegalStateException("injected failure after writing");
            }
        }

        @Override
        public void failed() {
            failed.incrementAndGet();
        }
    }

    @BeforeEach
    void start() throws Exception {
        postgres = PostgresTestDatabase.create();
        database = postgres.open(4);
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE seen (seq BIGINT NOT NULL)");
        }
        topic = KafkaTestBroker.uniqueTopic("runner");
    }

    @AfterEach
    void stop() throws Exception {
        database.close();
        postgres.close();
    }

    @Test
    void aFailedBatchIsRolledBackAndAppliedOnceWhenRetried() throws Exception {
        append(300);
        Counting processor = new Counting(2);
        try (ClusterProcessorRunner runner = runner(processor)) {
            runner.start();
            awaitSeen(300);
            Thread.sleep(500);
            assertThat(processor.failed.get()).isEqualTo(2);
            assertThat(count("SELECT count(*) FROM seen")).isEqualTo(300);
            assertThat(count("SELECT count(DISTINCT seq) FROM seen")).isEqualTo(300);
            assertThat(count("SELECT sum(position) FROM checkpoints WHERE processor = 'counting'")).isPositive();
        }
    }

    @Test
    void eventsDeletedBeforeTheyWereAppliedStopTheProcessorInsteadOfBeingSkipped() throws Exception {
        append(100);
        try (ClusterProcessorRunner runner = runner(new Counting(0))) {
            runner.start();
            awaitSeen(100);
        }
        long[] more = append(100);
        // retention deletes the second half's first 50 events of partition 0 before any processor saw them
        TopicPartition partition = new TopicPartition(topic, 0);
        long deleteBefore = -1;
        List<Long> offsets = new ArrayList<>();
        for (long seq : more) {
            if (ClusterSeq.partition(seq) == 0) {
                offsets.add(ClusterSeq.offset(seq));
            }
        }
        assertThat(offsets).hasSizeGreaterThan(2);
        deleteBefore = offsets.get(offsets.size() / 2);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(deleteBefore))).all().get();
        }
        try (ClusterProcessorRunner runner = runner(new Counting(0))) {
            runner.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && runner.statuses().get(0).lastError() == null) {
                Thread.sleep(100);
            }
            assertThat(runner.statuses().get(0).lastError()).contains("deleted from Kafka before this processor applied them");
            long partitionZeroSeen = count("SELECT count(*) FROM seen WHERE seq & 1023 = 0");
            long partitionZeroStored = count("SELECT count(*) FROM seen WHERE seq & 1023 = 0 AND seq >= " + ClusterSeq.of(0, deleteBefore));
            assertThat(partitionZeroStored).as("nothing after the gap applied in partition 0").isZero();
            assertThat(partitionZeroSeen).isPositive();
        }
    }

    private ClusterProcessorRunner runner(PartitionedProcessor processor) {
        return new ClusterProcessorRunner(List.of(processor), database.dataSource(),
                new ClusterProcessorRunner.Settings(KafkaTestBroker.bootstrapServers(), topic, "runner-test", 50,
                        Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000")));
    }

    private long[] append(int events) {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(TestEvents.aTrack("Viewed " + i, "user-" + (i % 17)));
        }
        try (KafkaEventLog log = KafkaEventLog.start(KafkaLogSettings.defaults(KafkaTestBroker.bootstrapServers(), "writer").withTopic(topic, 3))) {
            return log.appendAll(batch).join();
        }
    }

    private void awaitSeen(long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && count("SELECT count(*) FROM seen") < expected) {
            Thread.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM seen")).isEqualTo(expected);
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
