package io.percept.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, combined broker and controller) inside the test JVM, started by the first
 * test that asks for it and stopped when the JVM exits. Tests share it and keep apart by topic
 * ({@link #uniqueTopic}) and by instance id.
 */
public final class KafkaTestBroker {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedKafkaKraftBroker broker;

    private KafkaTestBroker() {
    }

    /** {@code host:port} of the running broker, started on the first call. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
            // one broker: the internal topics must not ask for more replicas than there are brokers, or transactions
            // and consumer groups never become available; one partition each instead of 50 starts them quickly
            started.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "transaction.state.log.num.partitions", "1",
                    "offsets.topic.replication.factor", "1",
                    "offsets.topic.num.partitions", "1",
                    "min.insync.replicas", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "false"));
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "kafka-test-broker-stop"));
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    /**
     * Runs the broker on its own, for benchmarks on a machine without Kafka ({@code percept bench cluster},
     * docs/benchmarks.md): prints {@code kafka_bootstrap=host:port} and runs until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("kafka_bootstrap=" + bootstrapServers());
        Thread.currentThread().join();
    }

    /** A topic name no other test in this JVM uses. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
    }

    /** An instance id (and so transactional id) no other test in this JVM uses. */
    public static String uniqueInstance(String prefix) {
        return uniqueTopic(prefix);
    }
}
