package io.percept.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.TestEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Kafka transaction the broker refuses as being in an invalid state (seen right after a topic was
 * created) is tried once more in a new transaction, and the group is stored once; a second refusal,
 * or any other failure (a timeout), fails the group at once. With Kafka's mock producer, so the
 * refusals are certain.
 */
class KafkaEventLogRetryTests {

    /** A mock producer whose commits fail with the given exceptions, one per commit, then succeed. */
    private static final class RefusingProducer extends MockProducer<byte[], byte[]> {

        private final List<RuntimeException> refusals;
        int begun;

        RefusingProducer(List<RuntimeException> refusals) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.refusals = refusals;
        }

        @Override
        public void beginTransaction() {
            begun++;
            super.beginTransaction();
        }

        @Override
        public void commitTransaction() {
            if (!refusals.isEmpty()) {
                throw refusals.remove(0);
            }
            super.commitTransaction();
        }
    }

    private final List<RefusingProducer> producers = new ArrayList<>();
    private KafkaEventLog log;

    private KafkaEventLog start(RuntimeException... refusals) {
        List<RuntimeException> left = new ArrayList<>(List.of(refusals));
        log = KafkaEventLog.start(KafkaLogSettings.defaults("localhost:1", "retry-test").withTopic("retry-test", 2), 2, settings -> {
            RefusingProducer producer = new RefusingProducer(left);
            producer.initTransactions();
            producers.add(producer);
            return producer;
        });
        return log;
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void aTransactionRefusedAsInAnInvalidStateIsTriedOnceMoreAndStoredOnce() throws Exception {
        KafkaEventLog events = start(new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state"));

        long[] seqs = events.appendAll(TestEvents.someTracks(3)).get(10, TimeUnit.SECONDS);

        assertThat(seqs).hasSize(3);
        List<byte[]> committed = new ArrayList<>();
        producers.forEach(producer -> producer.history().forEach(record -> committed.add(record.value())));
        assertThat(committed).as("the group stored once").hasSize(3);
        assertThat(producers.stream().mapToInt(producer -> producer.begun).sum()).as("the refused transaction, then the one that went through")
                .isEqualTo(2);
    }

    @Test
    void aSecondRefusalFailsTheGroup() {
        KafkaEventLog events = start(new InvalidTxnStateException("invalid state"), new InvalidTxnStateException("invalid state again"));

        assertThatThrownBy(() -> events.appendAll(TestEvents.someTracks(2)).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("invalid state again");
        producers.forEach(producer -> assertThat(producer.history()).as("nothing visible").isEmpty());
    }

    @Test
    void aTimeoutIsNotTriedAgain() {
        KafkaEventLog events = start(new TimeoutException("no broker answered"));

        assertThatThrownBy(() -> events.appendAll(TestEvents.someTracks(2)).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("no broker answered");
        producers.forEach(producer -> assertThat(producer.history()).isEmpty());
    }
}
