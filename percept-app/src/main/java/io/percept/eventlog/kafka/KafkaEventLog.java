package io.percept.eventlog.kafka;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.IdentityKey;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.persistence.EventCodec;
import io.percept.eventlog.persistence.GroupCommitQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log on a Kafka topic, for cluster mode. An event's partition follows from its
 * {@link IdentityKey} (Kafka's own key hash, so other Kafka tools place keys alike), its value is the
 * canonical JSON of {@link EventCodec} (which carries {@code receivedAt}), and its sequence number is
 * {@link ClusterSeq#of(int, long) ClusterSeq.of(partition, offset)}.
 *
 * <p>Appends are group-committed like the embedded log's: callers queue requests, one writer thread gathers
 * them (never splitting one) and writes each group in one producer transaction, completing the requests'
 * futures only after the commit. A failed group is aborted and every request in it fails with
 * {@link LogUnavailableException}; {@code read_committed} readers never see any of it. Thread-safe.
 */
public final class KafkaEventLog implements PartitionedLog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventLog.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final KafkaLogSettings settings;
    private final int partitions;
    private final GroupCommitQueue<AppendRequest> requests;
    private final Thread writer;
    /** Used by the writer thread only; {@code null} after a fatal error until the next group recreates it. */
    private volatile Producer<byte[], byte[]> producer;
    private volatile boolean running = true;
    /** For health checks, created on the first one. */
    private Admin admin;

    private record AppendRequest(List<ProducerRecord<byte[], byte[]>> records, CompletableFuture<long[]> seqs, long enqueuedNanos)
            implements GroupCommitQueue.Request {

        @Override
        public int eventCount() {
            return records.size();
        }
    }

    /** Creates a producer with its transactions initialised (after a fatal error too). */
    private final Function<KafkaLogSettings, Producer<byte[], byte[]>> producers;

    private KafkaEventLog(KafkaLogSettings settings, int partitions, Function<KafkaLogSettings, Producer<byte[], byte[]>> producers) {
        this.settings = settings;
        this.partitions = partitions;
        this.producers = producers;
        this.producer = producers.apply(settings);
        this.requests = new GroupCommitQueue<>(settings.groupCommit().maxEvents(), settings.groupCommit().maxDelay(), settings.maxPendingEvents());
        this.writer = new Thread(this::writeLoop, "eventlog-kafka-writer");
        writer.start();
    }

    /**
     * Connects to Kafka, creates the topic when it is missing (its partition count and replication factor from
     * the settings; {@code min.insync.replicas} as the broker's default), and starts the writer.
     *
     * @throws LogUnavailableException if the brokers cannot be reached or the topic is unusable
     */
    public static KafkaEventLog start(KafkaLogSettings settings) {
        int partitions = ensureTopic(settings);
        KafkaEventLog started = new KafkaEventLog(settings, partitions, KafkaEventLog::newProducer);
        log.info("Kafka event log on topic {} ({} partitions, transactional id {})", settings.topic(), partitions, settings.transactionalId());
        return started;
    }

    /** A log on a topic of {@code partitions} that exists, its producers from {@code producers} (for tests with a mock producer). */
    static KafkaEventLog start(KafkaLogSettings settings, int partitions, Function<KafkaLogSettings, Producer<byte[], byte[]>> producers) {
        return new KafkaEventLog(settings, partitions, producers);
    }

    /** The topic's partition count, after creating the topic if it did not exist. */
    private static int ensureTopic(KafkaLogSettings settings) {
        String topic = settings.topic();
        try (Admin admin = Admin.create(KafkaClientConfigs.admin(settings))) {
            Integer existing = partitionCount(admin, topic);
            int count;
            if (existing != null) {
                count = existing;
                if (count != settings.partitions()) {
                    log.warn("Topic {} exists with {} partitions; percept.cluster.kafka.partitions={} applies only to a topic Percept creates",
                            topic, count, settings.partitions());
                }
            } else {
                count = create(admin, settings);
            }
            if (count < 1 || count > ClusterSeq.MAX_PARTITIONS) {
                throw new LogUnavailableException("topic " + topic + " has " + count + " partitions; the log needs 1.." + ClusterSeq.MAX_PARTITIONS
                        + " (use another percept.cluster.kafka.topic)");
            }
            return count;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new LogUnavailableException("cannot prepare topic " + topic + " on Kafka at " + settings.bootstrapServers() + ": " + cause
                    + " (check percept.cluster.kafka.bootstrap-servers, the client properties and that the brokers are up)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while preparing topic " + topic, e);
        }
    }

    /** The topic's partition count, or {@code null} if it does not exist. */
    private static Integer partitionCount(Admin admin, String topic) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return described.get(topic).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private static int create(Admin admin, KafkaLogSettings settings) throws ExecutionException, TimeoutException, InterruptedException {
        int replicas = settings.replicationFactor();
        if (replicas == 0) {
            int brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            replicas = Math.max(1, Math.min(3, brokers));
        }
        try {
            admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(), (short) replicas)))
                    .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions, replication factor {}", settings.topic(), settings.partitions(), replicas);
            return settings.partitions();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // another instance created it at the same moment
            Integer created = partitionCount(admin, settings.topic());
            return created != null ? created : settings.partitions();
        }
    }

    /**
     * A producer with its transactions initialised: a transaction its predecessor with the same
     * transactional id left open is aborted, and that predecessor is fenced.
     */
    private static Producer<byte[], byte[]> newProducer(KafkaLogSettings settings) {
        KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(KafkaClientConfigs.producer(settings));
        try {
            created.initTransactions();
            return created;
        } catch (KafkaException e) {
            created.close(Duration.ZERO);
            throw new LogUnavailableException("cannot start Kafka transactions as " + settings.transactionalId() + " on " + settings.bootstrapServers()
                    + ": " + e.getMessage() + " (the brokers need transactions: transaction.state.log.replication.factor and min.insync.replicas"
                    + " no larger than the number of brokers)", e);
        }
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public int partitionOf(long seq) {
        return ClusterSeq.partition(seq);
    }

    @Override
    public LogReader openReader(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("topic " + settings.topic() + " has partitions 0.." + (partitions - 1) + ", not " + partition);
        }
        try {
            return new KafkaLogReader(KafkaClientConfigs.reader(settings, partition), new TopicPartition(settings.topic(), partition));
        } catch (KafkaException e) {
            throw new LogUnavailableException("cannot read partition " + partition + " of " + settings.topic() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<long[]> appendAll(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new long[0]);
        }
        return requests.submit(events.size(), () -> new AppendRequest(records(events), new CompletableFuture<>(), System.nanoTime()),
                AppendRequest::seqs);
    }

    /** The events as records, each placed in its partition by its identity key, encoded by the caller's thread. */
    private List<ProducerRecord<byte[], byte[]>> records(List<Event> events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
        for (Event event : events) {
            byte[] key = IdentityKey.of(event).getBytes(StandardCharsets.UTF_8);
            byte[] value = EventCodec.encode(event).getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(settings.topic(), partitionFor(key), key, value));
        }
        return records;
    }

    /**
     * Kafka's default placement of a key (murmur2 of its bytes), over the partition count read at start: a
     * partition added to the topic later takes no keys until the instances restart, so all of them agree.
     */
    private int partitionFor(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private void writeLoop() {
        List<AppendRequest> group = new ArrayList<>();
        while (running || requests.hasQueued()) {
            try {
                int events = requests.nextGroup(group);
                if (events > 0) {
                    commit(group, events);
                }
            } catch (InterruptedException e) {
                running = false;
                fail(group, new LogUnavailableException("the event log writer was interrupted; these events were not committed"));
            } catch (RuntimeException | Error e) {
                log.error("Kafka event log writer failed: {}", e.toString());
                fail(group, new LogUnavailableException("event log writer failed: " + e, e));
            } finally {
                group.clear();
            }
        }
    }

    /** Writes the group in one transaction; completes its requests after the commit, or fails them all. */
    private void commit(List<AppendRequest> group, int events) {
        Producer<byte[], byte[]> current;
        try {
            current = producer();
        } catch (LogUnavailableException e) {
            fail(group, e);
            fail(requests.drain(), e);
            return;
        }
        List<List<Future<RecordMetadata>>> sent = new ArrayList<>(group.size());
        for (int attempt = 1;; attempt++) {
            sent.clear();
            try {
                current.beginTransaction();
                for (AppendRequest request : group) {
                    List<Future<RecordMetadata>> futures = new ArrayList<>(request.records().size());
                    for (ProducerRecord<byte[], byte[]> record : request.records()) {
                        futures.add(current.send(record));
                    }
                    sent.add(futures);
                }
                current.commitTransaction();
                break;
            } catch (RuntimeException e) {
                abort(current, e);
                if (attempt == 1 && running && rootCause(e) instanceof InvalidTxnStateException) {
                    // the broker refused the transaction's state (seen right after a topic was created): nothing of it is
                    // visible, so the same group in a new transaction cannot be stored twice; anything else fails at once
                    log.warn("Kafka transaction of {} events refused ({}); trying it once more", events, describe(e));
                    try {
                        current = producer();
                        continue;
                    } catch (LogUnavailableException again) {
                        e.addSuppressed(again);
                    }
                }
                LogUnavailableException failure = new LogUnavailableException("Kafka transaction of " + events + " events failed, none of them is"
                        + " visible: " + describe(e), e);
                fail(group, failure);
                // what waits behind the group would most likely fail the same way, each group after the brokers' timeout:
                // refused now, its clients retry (503) instead of waiting for one timeout after another
                fail(requests.drain(), failure);
                return;
            }
        }
        requests.release(events);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).seqs().complete(seqs(sent.get(i)));
        }
    }

    /** The committed records' sequence numbers (their futures are complete once the commit returned). */
    private static long[] seqs(List<Future<RecordMetadata>> futures) {
        long[] seqs = new long[futures.size()];
        for (int i = 0; i < seqs.length; i++) {
            try {
                RecordMetadata metadata = futures.get(i).get();
                seqs[i] = ClusterSeq.of(metadata.partition(), metadata.offset());
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("a record of a committed Kafka transaction has no offset", e);
            }
        }
        return seqs;
    }

    /** The producer, created again after a fatal error. */
    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> current = producer;
        if (current == null) {
            if (!running) {
                throw new LogUnavailableException("the event log closed before these events were committed to Kafka");
            }
            current = producers.apply(settings);
            producer = current;
            log.info("Kafka event log producer {} recreated", settings.transactionalId());
        }
        return current;
    }

    /**
     * Aborts the open transaction; a producer that cannot abort, or whose error is fatal (fenced by another
     * producer with the same transactional id, out of sequence, not authorised), is closed and recreated by
     * the next group.
     */
    private void abort(Producer<byte[], byte[]> current, RuntimeException cause) {
        if (!isFatal(cause)) {
            try {
                current.abortTransaction();
                log.warn("Kafka event log transaction aborted: {}", describe(cause));
                return;
            } catch (RuntimeException abortFailure) {
                cause.addSuppressed(abortFailure);
            }
        }
        Throwable root = rootCause(cause);
        if (root instanceof ProducerFencedException || root instanceof InvalidProducerEpochException) {
            log.error("Kafka event log producer {} was fenced: another producer uses the same transactional id (two instances with "
                    + "percept.cluster.instance-id={}?); recreating it", settings.transactionalId(), settings.instanceId());
        } else {
            log.error("Kafka event log producer {} failed and is recreated: {}", settings.transactionalId(), describe(cause));
        }
        producer = null;
        current.close(Duration.ZERO);
    }

    private static boolean isFatal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            // a timeout (brokers unreachable): aborting would block as long again; a new producer aborts the transaction
            if (e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException || e instanceof AuthorizationException
                    || e instanceof UnsupportedVersionException || e instanceof IllegalStateException
                    || e instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The error and, when it only wraps another (Kafka's "error state"), the one that caused it. */
    private static String describe(Throwable error) {
        Throwable root = rootCause(error);
        return root == error ? error.toString() : error + " (caused by " + root + ")";
    }

    private void fail(List<AppendRequest> group, LogUnavailableException failure) {
        for (AppendRequest request : group) {
            requests.release(request.records().size());
            request.seqs().completeExceptionally(failure);
        }
    }

    /** Events accepted but not yet committed. */
    public long pendingEvents() {
        return requests.pendingEvents();
    }

    /**
     * Asks the cluster for its brokers (for health checks), waiting at most {@code timeout}.
     *
     * @return how many brokers answered as members of the cluster
     * @throws LogUnavailableException when no broker answers in time
     */
    public int brokers(Duration timeout) {
        Admin client;
        synchronized (this) {
            if (admin == null) {
                admin = Admin.create(KafkaClientConfigs.admin(settings));
            }
            client = admin;
        }
        try {
            return client.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw new LogUnavailableException("no Kafka broker at " + settings.bootstrapServers() + " answered within " + timeout.toMillis() + " ms",
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while asking Kafka for its brokers", e);
        }
    }

    /**
     * Stops accepting appends, commits what is already queued (waiting up to 30 s), fails what is left with
     * {@link LogUnavailableException} and closes the producer. Readers are closed by whoever opened them.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
        if (!requests.close()) {
            return;
        }
        running = false;
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Producer<byte[], byte[]> current = producer;
        if (writer.isAlive() && current != null) {
            // Kafka does not answer: closing the producer ends the writer's blocked commit, which fails its group
            current.close(Duration.ZERO);
            writer.interrupt();
        }
        fail(requests.drain(), new LogUnavailableException("the event log closed before these events were committed to Kafka"));
        current = producer;
        if (current != null) {
            current.close(CLOSE_WAIT);
        }
    }
}
