package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Event;
import io.percept.eventlog.kafka.KafkaEventLog;
import io.percept.eventlog.kafka.KafkaLogSettings;
import io.percept.platform.ClusterDatabaseSettings;
import io.percept.testing.ChildJvm;
import io.percept.testing.ClusterNode;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once effect across instance crashes: a cluster instance in a child JVM processes the log
 * and is killed with SIGKILL in the middle, three times (each time a new instance takes over the
 * dead one's partitions from the positions stored with the state); a last instance finishes. The
 * event store must hold every event once and the profiles must equal the embedded mode's on the
 * same events.
 */
class ClusterCrashIT {

    /** Kafka's lower bound: the group notices a killed member within this. */
    private static final Map<String, String> FAST_FAILOVER = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");

    @TempDir
    Path dir;

    @Test
    void killedInstancesLeaveEveryEventAppliedExactlyOnce() throws Exception {
        List<Event> events = ClusterUnifyIT.world(900, new Random(7));
        EmbeddedReference.Result embedded = ClusterUnifyIT.embedded(events, dir.resolve("embedded"));
        String topic = KafkaTestBroker.uniqueTopic("cluster-crash");
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create()) {
            try (KafkaEventLog log = KafkaEventLog.start(KafkaLogSettings.defaults(KafkaTestBroker.bootstrapServers(), "writer")
                    .withTopic(topic, 6))) {
                for (int from = 0; from < events.size(); from += 500) {
                    log.appendAll(events.subList(from, Math.min(events.size(), from + 500))).join();
                }
            }
            int kills = 0;
            long stored = 0;
            for (int cycle = 0; cycle < 3; cycle++) {
                Path childLog = dir.resolve("child-" + cycle + ".log");
                Process child = ChildJvm.start(Child.class, childLog, KafkaTestBroker.bootstrapServers(), topic, postgres.url(), "child-" + cycle);
                long target = (long) events.size() * (cycle + 1) / 5;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                try (var database = postgres.open(1)) {
                    var store = new io.percept.eventlog.postgres.PostgresEventStore(database.dataSource());
                    while ((stored = store.count()) < target && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                }
                assertThat(child.isAlive()).as("child " + cycle + " alive (log: " + tail(childLog) + ")").isTrue();
                assertThat(stored).as("child " + cycle + " processed up to " + target).isGreaterThanOrEqualTo(target);
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            assertThat(stored).as("the last kill left work to do").isLessThan(events.size());
            try (ClusterNode last = ClusterNode.start(KafkaTestBroker.bootstrapServers(), "last", topic, 6, postgres.settings(4),
                    ClusterUnifyIT.CLOCK, FAST_FAILOVER)) {
                last.awaitStored(events.size(), Duration.ofSeconds(180));
                EmbeddedReference.Result cluster = ClusterUnifyIT.cluster(last);
                assertThat(kills).isEqualTo(3);
                assertThat(cluster.partition()).isEqualTo(embedded.partition());
                assertThat(cluster.facts()).isEqualTo(embedded.facts());
                assertThat(cluster.members()).isEqualTo(embedded.members());
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (Exception e) {
            return "(no log)";
        }
    }

    /** A cluster instance that processes until it is killed: args bootstrap servers, topic, PostgreSQL URL, instance. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            ClusterNode node = ClusterNode.start(args[0], args[3], args[1], 6, new ClusterDatabaseSettings(args[2], "postgres", "", 4, Map.of()),
                    ClusterUnifyIT.CLOCK, FAST_FAILOVER);
            System.out.println("instance " + args[3] + " processing");
            Thread.sleep(Long.MAX_VALUE);
            node.close();
        }
    }
}
