package io.percept.testing;

import io.percept.eventlog.Event;
import io.percept.eventlog.cluster.ClusterProcessorRunner;
import io.percept.eventlog.kafka.KafkaEventLog;
import io.percept.eventlog.kafka.KafkaLogSettings;
import io.percept.eventlog.postgres.PostgresEventStore;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentitySettings;
import io.percept.platform.ClusterDatabase;
import io.percept.platform.ClusterDatabaseSettings;
import io.percept.profile.ClusterProfiles;
import io.percept.profile.ProfileSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Percept instance in cluster mode, without the web server: its own Kafka producer (the log),
 * its own connection pool to the shared PostgreSQL, and the unify processor in the consumer group.
 * Tests start two or three against one broker and one database.
 */
public final class ClusterNode implements AutoCloseable {

    private final ClusterDatabase database;
    private final KafkaEventLog log;
    private final PostgresEventStore events;
    private final ClusterProfiles profiles;
    private final ClusterProcessorRunner runner;
    private boolean closed;

    private ClusterNode(String bootstrapServers, String instance, String topic, int partitions, ClusterDatabaseSettings databaseSettings,
            Clock clock, Map<String, String> clientProperties) {
        this.database = ClusterDatabase.open(databaseSettings);
        this.log = KafkaEventLog.start(KafkaLogSettings.defaults(bootstrapServers, instance).withTopic(topic, partitions));
        this.events = new PostgresEventStore(database.dataSource());
        this.profiles = new ClusterProfiles(database.dataSource(), events, new IdentifierExtractor(IdentitySettings.defaults()),
                ProfileSettings.defaults().rules(), clock, Duration.ofHours(24));
        this.runner = new ClusterProcessorRunner(List.of(profiles.processor()), database.dataSource(),
                new ClusterProcessorRunner.Settings(bootstrapServers, topic, instance, 500, clientProperties));
        runner.start();
    }

    /** Starts an instance named {@code instance} on {@code topic} (created with {@code partitions} if missing). */
    public static ClusterNode start(String instance, String topic, int partitions, ClusterDatabaseSettings database, Clock clock) {
        return new ClusterNode(KafkaTestBroker.bootstrapServers(), instance, topic, partitions, database, clock, Map.of());
    }

    /**
     * Starts an instance on the brokers at {@code bootstrapServers} (from a child JVM, which has no broker of its
     * own), its consumers with {@code clientProperties}.
     */
    public static ClusterNode start(String bootstrapServers, String instance, String topic, int partitions, ClusterDatabaseSettings database,
            Clock clock, Map<String, String> clientProperties) {
        return new ClusterNode(bootstrapServers, instance, topic, partitions, database, clock, clientProperties);
    }

    /** Appends through this instance's producer, in slices like HTTP batches, and waits until durable. */
    public void append(List<Event> slice) {
        for (int from = 0; from < slice.size(); from += 200) {
            log.appendAll(slice.subList(from, Math.min(slice.size(), from + 200))).join();
        }
    }

    /** Waits until the event store (written by unify) holds {@code expected} events. */
    public void awaitStored(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = 0;
        while (System.nanoTime() < deadline) {
            stored = events.count();
            if (stored >= expected) {
                if (stored > expected) {
                    throw new AssertionError("the event store holds " + stored + " events, more than the " + expected + " appended");
                }
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + stored + " of " + expected + " events processed within " + timeout + "; " + runner.statuses());
    }

    /** Waits until this instance's processors own at least one partition each (it has joined the consumer group). */
    public void awaitPartitions(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runner.assignments().values().stream().anyMatch(java.util.Set::isEmpty)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no partitions within " + timeout + ": " + runner.assignments());
            }
            Thread.sleep(50);
        }
    }

    public ClusterProfiles profiles() {
        return profiles;
    }

    /** Events this instance's unify processor applied. */
    public long applied() {
        return runner.applied().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.close();
        log.close();
        database.close();
    }
}
