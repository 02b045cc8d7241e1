package io.percept.eventlog.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The configurations of the log's Kafka clients. Each is Percept's tuning, then the operator's extra
 * properties ({@link KafkaLogSettings#clientProperties()}, e.g. security), then what the log's guarantees rest
 * on (transactions, {@code read_committed}, byte serialization), which extra properties cannot change.
 */
final class KafkaClientConfigs {

    /** Records one reader poll may return; a processor's batch is usually smaller. */
    static final int MAX_POLL_RECORDS = 5_000;

    /** The longest a producer call blocks (and a request to a broker waits) before it fails. */
    static final int MAX_BLOCK_MILLIS = 5_000;

    /** Client ids must differ within a JVM (Kafka registers a JMX bean per client id). */
    private static final AtomicInteger READERS = new AtomicInteger();

    private KafkaClientConfigs() {
    }

    static Map<String, Object> admin(KafkaLogSettings settings) {
        Map<String, Object> config = common(settings, "admin");
        config.putAll(settings.clientProperties());
        return config;
    }

    /** A transactional, idempotent producer that waits for all in-sync replicas. */
    static Map<String, Object> producer(KafkaLogSettings settings) {
        Map<String, Object> config = common(settings, "writer");
        // a group commit of 10,000 events spread over the partitions: larger batches than the 16 KB default
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // an instance killed mid-append leaves its transaction open, and read_committed consumers stop at it until the
        // broker aborts it: 15 s instead of Kafka's 60 s (a group commit takes milliseconds; overridable)
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        // brokers that do not answer fail a group within seconds, so its requests are refused (503) while a client
        // still waits for the answer, instead of after Kafka's 60 s (blocking calls) and 120 s (delivery)
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MILLIS);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, MAX_BLOCK_MILLIS);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * MAX_BLOCK_MILLIS);
        config.putAll(settings.clientProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * A consumer without a group that sees committed transactions only. An offset no longer in the partition
     * (removed by retention) resumes at the earliest one kept.
     */
    static Map<String, Object> reader(KafkaLogSettings settings, int partition) {
        Map<String, Object> config = common(settings, "reader-" + partition + "-" + READERS.incrementAndGet());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        config.putAll(settings.clientProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static Map<String, Object> common(KafkaLogSettings settings, String role) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "percept-" + settings.instanceId() + "-log-" + role);
        return config;
    }
}
