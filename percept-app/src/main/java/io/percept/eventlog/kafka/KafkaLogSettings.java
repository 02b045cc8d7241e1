package io.percept.eventlog.kafka;

import io.percept.eventlog.ClusterSeq;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the Kafka event log ({@code percept.cluster.kafka.*}).
 *
 * @param bootstrapServers  the brokers to contact first, {@code host:port,...}
 * @param topic             the log's topic, created at start when missing
 * @param partitions        partitions of a topic created at start, 1..{@value ClusterSeq#MAX_PARTITIONS}; an existing
 *                          topic keeps its own count. More partitions let more instances process in parallel.
 * @param replicationFactor copies of each partition for a topic created at start; 0 means 3, or the number of
 *                          brokers when the cluster has fewer
 * @param instanceId        this Percept instance's name, unique in the cluster: it names the Kafka clients and the
 *                          producer's transactional id ({@code percept-<instanceId>-log}), so two instances with the
 *                          same name fence each other's appends
 * @param groupCommit       when an append transaction closes
 * @param maxPendingEvents  events accepted but not yet committed beyond which appends are refused at once
 * @param clientProperties  extra Kafka client properties given to every client (producer, consumers, admin), e.g.
 *                          {@code security.protocol}, {@code sasl.jaas.config}; they override Percept's tuning but
 *                          not what the log relies on (transactions, {@code read_committed}, serializers)
 */
public record KafkaLogSettings(
        String bootstrapServers,
        String topic,
        int partitions,
        int replicationFactor,
        String instanceId,
        GroupCommit groupCommit,
        int maxPendingEvents,
        Map<String, String> clientProperties) {

    public static final String DEFAULT_TOPIC = "percept-events";
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern INSTANCE = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

    public KafkaLogSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("percept.cluster.kafka.bootstrap-servers is required in cluster mode (host:port,...)");
        }
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("percept.cluster.kafka.topic must be 1-249 letters, digits, '.', '_' or '-', was " + topic);
        }
        if (partitions < 1 || partitions > ClusterSeq.MAX_PARTITIONS) {
            throw new IllegalArgumentException("percept.cluster.kafka.partitions must be 1.." + ClusterSeq.MAX_PARTITIONS + ", was " + partitions);
        }
        if (replicationFactor < 0 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("percept.cluster.kafka.replication-factor must be 0 (automatic) or a number of brokers, was "
                    + replicationFactor);
        }
        if (instanceId == null || !INSTANCE.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("percept.cluster.instance-id must be 1-100 letters, digits, '.', '_' or '-' "
                    + "and unique per instance, was " + instanceId);
        }
        Objects.requireNonNull(groupCommit, "groupCommit");
        if (maxPendingEvents < 1) {
            throw new IllegalArgumentException("percept.cluster.kafka.max-pending-events must be positive, was " + maxPendingEvents);
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    /** The defaults for the given brokers and instance: topic {@value #DEFAULT_TOPIC}, 12 partitions, automatic replication. */
    public static KafkaLogSettings defaults(String bootstrapServers, String instanceId) {
        return new KafkaLogSettings(bootstrapServers, DEFAULT_TOPIC, 12, 0, instanceId, GroupCommit.DEFAULTS, 200_000, Map.of());
    }

    public KafkaLogSettings withTopic(String value, int partitionsIfCreated) {
        return new KafkaLogSettings(bootstrapServers, value, partitionsIfCreated, replicationFactor, instanceId, groupCommit, maxPendingEvents,
                clientProperties);
    }

    public KafkaLogSettings withGroupCommit(GroupCommit value, int maxPending) {
        return new KafkaLogSettings(bootstrapServers, topic, partitions, replicationFactor, instanceId, value, maxPending, clientProperties);
    }

    public KafkaLogSettings withClientProperties(Map<String, String> value) {
        return new KafkaLogSettings(bootstrapServers, topic, partitions, replicationFactor, instanceId, groupCommit, maxPendingEvents, value);
    }

    /** {@code percept-<instanceId>-log}: one per instance, so a restarted instance aborts what its predecessor left open. */
    public String transactionalId() {
        return "percept-" + instanceId + "-log";
    }

    /**
     * A transaction closes when it holds {@code maxEvents} events or {@code maxDelay} after its first request
     * arrived, whichever comes first; a request is never split across transactions.
     *
     * @param maxEvents events per transaction (at least 1)
     * @param maxDelay  longest wait for more requests before committing (0 commits what is queued at once)
     */
    public record GroupCommit(int maxEvents, Duration maxDelay) {

        public static final GroupCommit DEFAULTS = new GroupCommit(10_000, Duration.ofMillis(5));

        public GroupCommit {
            if (maxEvents < 1) {
                throw new IllegalArgumentException("percept.cluster.kafka.group-commit.max-events must be positive, was " + maxEvents);
            }
            if (maxDelay == null || maxDelay.isNegative()) {
                throw new IllegalArgumentException("percept.cluster.kafka.group-commit.max-delay must not be negative, was " + maxDelay);
            }
        }
    }
}
