package io.percept.eventlog.kafka;

import static io.percept.eventlog.PartitionedLogReads.bySeq;
import static io.percept.eventlog.PartitionedLogReads.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.LogOverloadedException;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.TestEvents;
import io.percept.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Kafka log does beyond the partitioned log's contract: topics, transactions, overload and closing. */
class KafkaEventLogTests {

    /** A group commit that waits long for more requests, so a test decides which requests share a transaction. */
    private static final KafkaLogSettings.GroupCommit WAITING = new KafkaLogSettings.GroupCommit(6, Duration.ofSeconds(20));

    private final List<KafkaEventLog> open = new ArrayList<>();

    private KafkaEventLog start(KafkaLogSettings settings) {
        KafkaEventLog log = KafkaEventLog.start(settings);
        open.add(log);
        return log;
    }

    private static KafkaLogSettings settings(String topic) {
        return KafkaLogSettings.defaults(KafkaTestBroker.bootstrapServers(), KafkaTestBroker.uniqueInstance("log")).withTopic(topic, 4);
    }

    @AfterEach
    void close() {
        open.forEach(KafkaEventLog::close);
    }

    private static long[] append(KafkaEventLog log, List<Event> events) {
        return log.appendAll(events).orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void healthChecksAskTheClusterForItsBrokers() {
        KafkaEventLog log = start(settings(KafkaTestBroker.uniqueTopic("health")));
        assertThat(log.brokers(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(log.brokers(Duration.ofSeconds(10))).as("the admin client is kept for the next check").isEqualTo(1);
    }

    @Test
    void anExistingTopicIsReusedWithItsOwnPartitionsAndEvents() throws Exception {
        String topic = KafkaTestBroker.uniqueTopic("existing");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        KafkaLogSettings settings = settings(topic);
        KafkaEventLog first = start(settings);
        assertThat(first.partitions()).as("the topic's own count, not the setting's 4").isEqualTo(3);
        List<Event> before = TestEvents.someTracks(20);
        long[] beforeSeqs = append(first, before);
        first.close();

        KafkaEventLog restarted = start(settings);
        assertThat(restarted.partitions()).isEqualTo(3);
        List<Event> after = TestEvents.someTracks(20);
        long[] afterSeqs = append(restarted, after);
        var read = bySeq(restarted, readAll(restarted, 40));
        for (int i = 0; i < 20; i++) {
            assertThat(read.get(beforeSeqs[i])).isEqualTo(before.get(i));
            assertThat(read.get(afterSeqs[i])).isEqualTo(after.get(i));
        }
    }

    @Test
    void aFailedTransactionFailsEveryRequestOfItsGroupAndNoneOfItIsVisible() throws Exception {
        KafkaEventLog log = start(settings(KafkaTestBroker.uniqueTopic("atomic")).withGroupCommit(WAITING, 1_000));
        // three requests of 2 events fill one group of 6; the middle one holds a record larger than the producer's
        // max.request.size (1 MB), which fails the transaction after the first request's records were sent
        Event tooLarge = TestEvents.aTrack("Huge", "u-huge");
        tooLarge = Event.builder(tooLarge.type(), tooLarge.messageId(), tooLarge.source(), tooLarge.channel()).userId("u-huge").name("Huge")
                .properties(Attributes.copyOf(Map.of("blob", "x".repeat(1_100_000)))).receivedAt(TestEvents.T0).build();
        CompletableFuture<long[]> first = log.appendAll(TestEvents.someTracks(2));
        CompletableFuture<long[]> middle = log.appendAll(List.of(TestEvents.aTrack("Small", "u-1"), tooLarge));
        CompletableFuture<long[]> last = log.appendAll(TestEvents.someTracks(2));

        for (CompletableFuture<long[]> failed : List.of(first, middle, last)) {
            assertThatThrownBy(() -> failed.orTimeout(30, TimeUnit.SECONDS).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(LogUnavailableException.class).hasRootCauseInstanceOf(RecordTooLargeException.class);
        }
        assertThat(log.pendingEvents()).isZero();

        List<Event> later = TestEvents.someTracks(6);
        long[] laterSeqs = append(log, later);
        var read = bySeq(log, readAll(log, 6));
        assertThat(read).as("only the later append is visible").hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(read.get(laterSeqs[i])).isEqualTo(later.get(i));
        }
    }

    @Test
    void tooManyPendingEventsAreRefusedAtOnce() throws Exception {
        KafkaEventLog log = start(settings(KafkaTestBroker.uniqueTopic("overload")).withGroupCommit(
                new KafkaLogSettings.GroupCommit(1_000, Duration.ofSeconds(20)), 5));
        CompletableFuture<long[]> waiting = log.appendAll(TestEvents.someTracks(4));
        CompletableFuture<long[]> refused = log.appendAll(TestEvents.someTracks(3));
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).cause().isInstanceOf(LogOverloadedException.class).hasMessageContaining("limit 5");
        assertThat(log.pendingEvents()).isEqualTo(4);
        log.close();
        assertThat(waiting.join()).hasSize(4);
    }

    @Test
    void closeCommitsWhatIsQueuedAtOnceAndRefusesLaterAppends() throws Exception {
        KafkaEventLog log = start(settings(KafkaTestBroker.uniqueTopic("close")).withGroupCommit(
                new KafkaLogSettings.GroupCommit(1_000, Duration.ofMinutes(5)), 1_000));
        List<Event> a = TestEvents.someTracks(3);
        List<Event> b = TestEvents.someTracks(2);
        CompletableFuture<long[]> first = log.appendAll(a);
        CompletableFuture<long[]> second = log.appendAll(b);
        assertThat(first).isNotDone();

        log.close();
        assertThat(first).as("committed by close, not after the 5 minute group delay").isDone();
        assertThat(second).isDone();
        assertThatThrownBy(() -> log.appendAll(TestEvents.someTracks(1)).join()).cause().isInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("shutting down");

        var read = bySeq(log, readAll(log, 5));
        long[] seqs = first.join();
        for (int i = 0; i < 3; i++) {
            assertThat(read.get(seqs[i])).isEqualTo(a.get(i));
        }
        assertThat(read.get(second.join()[1])).isEqualTo(b.get(1));
    }

    @Test
    void aFencedProducerFailsOneAppendAndIsRecreated() throws Exception {
        KafkaLogSettings settings = settings(KafkaTestBroker.uniqueTopic("fenced"));
        KafkaEventLog log = start(settings);
        append(log, TestEvents.someTracks(2));
        try (KafkaProducer<byte[], byte[]> impostor = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId()), new ByteArraySerializer(), new ByteArraySerializer())) {
            impostor.initTransactions();
            assertThatThrownBy(() -> append(log, TestEvents.someTracks(2))).cause().isInstanceOf(LogUnavailableException.class);
        }
        List<Event> after = TestEvents.someTracks(3);
        long[] seqs = append(log, after);
        var read = bySeq(log, readAll(log, 5));
        assertThat(read.get(seqs[2])).isEqualTo(after.get(2));
        assertThat(ClusterSeq.partition(seqs[0])).isEqualTo(log.partitionOf(seqs[0]));
    }
}
