package io.percept.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode's settings ({@code percept.cluster.*}, docs/deploy.md "Configuration"); read only when
 * {@code percept.mode=cluster}.
 *
 * @param instanceId this instance's name, unique in the cluster (Kafka client ids, the producer's
 *                   transactional id); blank means the host name
 * @param kafka      the event log
 * @param postgres   the store
 * @param processors how log processors consume
 */
@ConfigurationProperties("percept.cluster")
public record ClusterSettings(
        @DefaultValue("") String instanceId,
        @DefaultValue Kafka kafka,
        @DefaultValue ClusterDatabaseSettings postgres,
        @DefaultValue Processors processors) {

    /**
     * @param bootstrapServers  Kafka brokers, {@code host:port,...} (required in cluster mode)
     * @param topic             the log's topic
     * @param partitions        partitions of the topic when Percept creates it (the most instances that share the work)
     * @param replicationFactor copies of each partition when Percept creates the topic; 0 means min(3, brokers)
     * @param groupCommit       when an append transaction closes
     * @param maxPendingEvents  events waiting for their transaction beyond which appends are refused (429)
     * @param properties        further Kafka client properties for every client (security, SASL, TLS)
     */
    public record Kafka(
            @DefaultValue("") String bootstrapServers,
            @DefaultValue("percept-events") String topic,
            @DefaultValue("12") int partitions,
            @DefaultValue("0") int replicationFactor,
            @DefaultValue GroupCommit groupCommit,
            @DefaultValue("200000") int maxPendingEvents,
            Map<String, String> properties) {

        public Kafka {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }

    /**
     * @param maxEvents events per append transaction
     * @param maxDelay  longest wait for more appends before committing
     */
    public record GroupCommit(@DefaultValue("10000") int maxEvents, @DefaultValue("5ms") Duration maxDelay) {
    }

    /** @param batchSize most events a processor applies in one transaction */
    public record Processors(@DefaultValue("1000") int batchSize) {
    }

    /** The instance id, or the host name when none is set. */
    public String instance() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^a-zA-Z0-9._-]", "-");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("percept.cluster.instance-id is not set and the host name is unknown: set it", e);
        }
    }
}
