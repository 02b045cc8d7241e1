package io.percept.eventlog.cluster;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.PartitionedProcessor;
import io.percept.eventlog.ProcessorStatus;
import io.percept.eventlog.Processors;
import io.percept.eventlog.persistence.EventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link PartitionedProcessor}s on cluster mode's Kafka log: one thread and one consumer per
 * processor, in the consumer group {@code percept-<name>}, so the instances of Percept share each
 * processor's partitions. Positions live in PostgreSQL's {@code checkpoints}, stored in the
 * transaction of the batch they end (Kafka's committed offsets are written afterwards, for
 * monitoring only): on an assignment the consumer seeks to the stored positions; before a batch the
 * runner locks them, drops events at or before them (another instance got there first during a
 * rebalance), and after the batch moves them on. A failed batch rolls back and is read again from
 * the stored positions after a back-off.
 */
public final class ClusterProcessorRunner implements Processors, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterProcessorRunner.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** Where the runner finds the log and the database. */
    public record Settings(String bootstrapServers, String topic, String instanceId, int batchSize, Map<String, String> clientProperties) {

        public Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
            }
            clientProperties = Map.copyOf(clientProperties);
        }
    }

    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running;

    public ClusterProcessorRunner(List<PartitionedProcessor> processors, DataSource database, Settings settings) {
        Processors.checkNames(processors.stream().map(processor -> new java.util.AbstractMap.SimpleEntry<>(processor.name(), processor)).toList());
        for (PartitionedProcessor processor : processors) {
            workers.add(new Worker(processor, database, settings));
        }
    }

    @Override
    public synchronized void start() {
        if (!running) {
            workers.forEach(Worker::start);
            running = true;
        }
    }

    /** Stops every worker after its current batch; their partitions go to the other instances. */
    @Override
    public synchronized void close() {
        running = false;
        workers.forEach(Worker::requestStop);
        for (Worker worker : workers) {
            worker.join(Duration.ofSeconds(30));
        }
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and before the database pool closes, as the embedded runner does. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public List<ProcessorStatus> statuses() {
        return workers.stream().map(Worker::status).toList();
    }

    /** Events this instance's workers applied (after dropping ones already applied elsewhere), per processor. */
    public Map<String, Long> applied() {
        Map<String, Long> applied = new HashMap<>();
        workers.forEach(worker -> applied.put(worker.processor.name(), worker.applied.get()));
        return applied;
    }

    /** The partitions each processor's consumer owns now. */
    public Map<String, Set<Integer>> assignments() {
        Map<String, Set<Integer>> owned = new HashMap<>();
        workers.forEach(worker -> owned.put(worker.processor.name(), Set.copyOf(worker.owned.keySet())));
        return owned;
    }

    private static final class Worker implements ConsumerRebalanceListener {

        private final PartitionedProcessor processor;
        private final DataSource database;
        private final Settings settings;
        private final String topic;
        private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
        private final AtomicLong applied = new AtomicLong();
        private final AtomicLong lag = new AtomicLong();
        /** Partitions assigned whose stored positions could not be read yet: paused until they are. */
        private final Set<TopicPartition> unpositioned = new HashSet<>();
        private volatile String lastError;
        private volatile int failures;
        private volatile boolean stopping;
        private volatile KafkaConsumer<byte[], byte[]> consumer;
        private Thread thread;

        Worker(PartitionedProcessor processor, DataSource database, Settings settings) {
            this.processor = processor;
            this.database = database;
            this.settings = settings;
            this.topic = settings.topic();
        }

        void start() {
            stopping = false;
            thread = new Thread(this::run, "cluster-processor-" + processor.name());
            thread.setDaemon(true);
            thread.start();
        }

        void requestStop() {
            stopping = true;
            KafkaConsumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }

        void join(Duration timeout) {
            if (thread == null) {
                return;
            }
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("Processor {} did not stop within {}", processor.name(), timeout);
            }
        }

        ProcessorStatus status() {
            long behind = lag.get();
            String state = stopping ? "STOPPED" : failures > 0 ? "FAILING" : behind > 0 ? "CATCHING_UP" : "RUNNING";
            return new ProcessorStatus(processor.name(), state, applied.get(), behind, 0, 0, lastError, failures);
        }

        private Properties consumerProperties() {
            Properties properties = new Properties();
            properties.putAll(settings.clientProperties());
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, "percept-" + processor.name());
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "percept-" + settings.instanceId() + "-" + processor.name());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            // never jump silently: the runner seeks every partition it gets to its stored position (or the beginning), and a
            // position whose events retention deleted before they were processed must stop the processor, not skip them
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.batchSize()));
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            return properties;
        }

        private void run() {
            long backoff = 100;
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                kafka.subscribe(List.of(topic), this);
                while (!stopping) {
                    if (!unpositioned.isEmpty()) {
                        rewind(kafka, List.copyOf(unpositioned));
                        if (!unpositioned.isEmpty()) {
                            sleep(backoff);
                            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                        }
                    }
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = kafka.poll(POLL);
                    } catch (WakeupException e) {
                        break;
                    } catch (OffsetOutOfRangeException | NoOffsetForPartitionException e) {
                        failures++;
                        lastError = e instanceof OffsetOutOfRangeException
                                ? "events were deleted from Kafka before this processor applied them (" + e.getMessage()
                                        + "): restore them or reset the positions deliberately (docs/deploy.md, backup and restore)"
                                : "no stored position for " + e.getMessage() + " yet (waiting for PostgreSQL)";
                        log.error("Processor {} cannot go on: {}", processor.name(), lastError);
                        sleep(backoff);
                        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                        continue;
                    }
                    if (records.isEmpty()) {
                        lag.set(0);
                        continue;
                    }
                    try {
                        apply(records);
                        failures = 0;
                        lastError = null;
                        backoff = 100;
                        kafka.commitAsync(offsets(records), null);
                        lag.set(lagOf(kafka));
                    } catch (Exception | AssertionError e) {
                        // AssertionError: pgjdbc asserts on a connection PostgreSQL dropped mid-batch when assertions are on
                        // (-ea); the batch is retried like any failed one instead of ending the processor's thread
                        failures++;
                        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                        log.warn("Processor {} failed a batch of {} events (attempt {}), retrying in {} ms: {}", processor.name(),
                                records.count(), failures, backoff, lastError);
                        processor.failed();
                        for (TopicPartition partition : records.partitions()) {
                            // back to the batch's first event: events at or before the stored position are dropped again
                            if (kafka.assignment().contains(partition)) {
                                kafka.seek(partition, records.records(partition).get(0).offset());
                            }
                        }
                        sleep(backoff);
                        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                    }
                }
            } catch (RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("Processor {} stopped: {}", processor.name(), lastError, e);
            } finally {
                consumer = null;
                owned.clear();
            }
        }

        private static long lagOf(KafkaConsumer<byte[], byte[]> kafka) {
            long total = 0;
            for (TopicPartition partition : kafka.assignment()) {
                total += kafka.currentLag(partition).orElse(0);
            }
            return total;
        }

        private static Map<TopicPartition, OffsetAndMetadata> offsets(ConsumerRecords<byte[], byte[]> records) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> of = records.records(partition);
                offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
            }
            return offsets;
        }

        /** One batch in one transaction: lock the positions, drop what they cover, process, move them on. */
        private void apply(ConsumerRecords<byte[], byte[]> records) throws Exception {
            try (Connection connection = database.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    Map<Integer, Long> positions = lockPositions(connection, records.partitions());
                    List<LoggedEvent> batch = new ArrayList<>(records.count());
                    Map<Integer, Long> last = new HashMap<>();
                    for (TopicPartition partition : records.partitions()) {
                        long stored = positions.getOrDefault(partition.partition(), 0L);
                        for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                            long seq = ClusterSeq.of(partition.partition(), record.offset());
                            if (seq > stored) {
                                batch.add(new LoggedEvent(seq, EventCodec.decode(new String(record.value(), StandardCharsets.UTF_8))));
                                last.put(partition.partition(), seq);
                            }
                        }
                    }
                    if (!batch.isEmpty()) {
                        processor.process(batch, connection);
                        storePositions(connection, last);
                    }
                    connection.commit();
                    applied.addAndGet(batch.size());
                    last.forEach(owned::put);
                } catch (Exception e) {
                    connection.rollback();
                    throw e;
                }
            }
        }

        private Map<Integer, Long> lockPositions(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
            Integer[] numbers = partitions.stream().map(TopicPartition::partition).sorted().toArray(Integer[]::new);
            Array array = connection.createArrayOf("integer", numbers);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO checkpoints (processor, partition, position, updated_at) SELECT ?, p, 0, now() FROM unnest(?) AS p "
                            + "ON CONFLICT (processor, partition) DO NOTHING")) {
                insert.setString(1, processor.name());
                insert.setArray(2, array);
                insert.executeUpdate();
            }
            Map<Integer, Long> positions = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT partition, position FROM checkpoints WHERE processor = ? AND partition = ANY(?) ORDER BY partition FOR UPDATE")) {
                select.setString(1, processor.name());
                select.setArray(2, array);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        positions.put(rows.getInt(1), rows.getLong(2));
                    }
                }
            }
            return positions;
        }

        private void storePositions(Connection connection, Map<Integer, Long> last) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE checkpoints SET position = ?, updated_at = now() WHERE processor = ? AND partition = ?")) {
                for (Map.Entry<Integer, Long> entry : last.entrySet()) {
                    update.setLong(1, entry.getValue());
                    update.setString(2, processor.name());
                    update.setInt(3, entry.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }

        private Map<Integer, Long> storedPositions(Collection<TopicPartition> partitions) throws SQLException {
            Map<Integer, Long> positions = new HashMap<>();
            try (Connection connection = database.getConnection(); PreparedStatement select = connection.prepareStatement(
                    "SELECT partition, position FROM checkpoints WHERE processor = ? AND partition = ANY(?)")) {
                select.setString(1, processor.name());
                select.setArray(2, connection.createArrayOf("integer", partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new)));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        positions.put(rows.getInt(1), rows.getLong(2));
                    }
                }
            }
            return positions;
        }

        /** Seeks the partitions to their stored positions (on assignment); pauses them while the database cannot say. */
        private void rewind(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> partitions) {
            Set<TopicPartition> ours = new HashSet<>(partitions);
            ours.retainAll(kafka.assignment());
            if (ours.isEmpty()) {
                return;
            }
            Map<Integer, Long> positions;
            try {
                positions = storedPositions(ours);
            } catch (SQLException e) {
                log.warn("Processor {} cannot read its positions, pausing partitions {} until it can: {}", processor.name(),
                        ours.stream().map(TopicPartition::partition).sorted().toList(), e.getMessage());
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                unpositioned.addAll(ours);
                kafka.pause(ours);
                return;
            }
            unpositioned.removeAll(ours);
            kafka.resume(ours);
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition partition : ours) {
                Long position = positions.get(partition.partition());
                if (position == null || position == 0) {
                    fromStart.add(partition);
                } else {
                    kafka.seek(partition, ClusterSeq.offset(position) + 1);
                }
                owned.put(partition.partition(), position == null ? 0 : position);
            }
            if (!fromStart.isEmpty()) {
                kafka.seekToBeginning(fromStart);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("Processor {} now owns partitions {}", processor.name(), partitions.stream().map(TopicPartition::partition).sorted().toList());
            KafkaConsumer<byte[], byte[]> kafka = consumer;
            if (kafka != null) {
                rewind(kafka, partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> owned.remove(partition.partition()));
            unpositioned.removeAll(partitions);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
