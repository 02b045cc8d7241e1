package io.percept.eventlog;

import io.percept.eventlog.cluster.ClusterProcessorRunner;
import io.percept.eventlog.kafka.KafkaEventLog;
import io.percept.eventlog.kafka.KafkaLogSettings;
import io.percept.eventlog.postgres.PostgresEventStore;
import io.percept.platform.ClusterOnly;
import io.percept.platform.ClusterSettings;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the log in cluster mode: the Kafka topic to append to, the PostgreSQL event store to read
 * from, and the runner of the partitioned processors (a consumer group per processor).
 */
@Configuration(proxyBeanMethods = false)
@ClusterOnly
class ClusterEventLogConfiguration {

    @Bean(destroyMethod = "close")
    KafkaEventLog eventLog(ClusterSettings settings) {
        ClusterSettings.Kafka kafka = settings.kafka();
        return KafkaEventLog.start(new KafkaLogSettings(kafka.bootstrapServers(), kafka.topic(), kafka.partitions(), kafka.replicationFactor(),
                settings.instance(), new KafkaLogSettings.GroupCommit(kafka.groupCommit().maxEvents(), kafka.groupCommit().maxDelay()),
                kafka.maxPendingEvents(), kafka.properties()));
    }

    @Bean
    PostgresEventStore eventStore(DataSource dataSource) {
        return new PostgresEventStore(dataSource);
    }

    @Bean
    ClusterProcessorRunner processorRunner(List<PartitionedProcessor> processors, DataSource dataSource, ClusterSettings settings,
            EventLogSettings eventLogSettings) {
        if (!eventLogSettings.processors().enabled()) {
            processors = List.of();
        }
        return new ClusterProcessorRunner(processors, dataSource, new ClusterProcessorRunner.Settings(settings.kafka().bootstrapServers(),
                settings.kafka().topic(), settings.instance(), settings.processors().batchSize(), settings.kafka().properties()));
    }

    /** Up while a broker answers within 2 s; the answer is remembered for 5 s so health checks do not load the brokers. */
    @Bean
    HealthIndicator eventLogHealthIndicator(KafkaEventLog log) {
        Health[] last = new Health[1];
        long[] checkedAt = {Long.MIN_VALUE};
        return () -> {
            synchronized (last) {
                if (last[0] == null || System.nanoTime() - checkedAt[0] > java.time.Duration.ofSeconds(5).toNanos()) {
                    try {
                        int brokers = log.brokers(java.time.Duration.ofSeconds(2));
                        last[0] = Health.up().withDetail("engine", "Kafka").withDetail("brokers", brokers).withDetail("partitions", log.partitions())
                                .withDetail("pendingEvents", log.pendingEvents()).build();
                    } catch (LogUnavailableException e) {
                        last[0] = Health.down().withDetail("engine", "Kafka").withDetail("error", e.getMessage())
                                .withDetail("pendingEvents", log.pendingEvents()).build();
                    }
                    checkedAt[0] = System.nanoTime();
                }
                return last[0];
            }
        };
    }

    @Bean
    HealthIndicator processorsHealthIndicator(ClusterProcessorRunner runner) {
        return () -> {
            boolean failing = runner.statuses().stream().anyMatch(status -> status.consecutiveFailures() > 2);
            return (failing ? Health.down() : Health.up()).withDetail("processors", runner.statuses()).build();
        };
    }
}
