package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.testing.ClusterNode;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against the embedded mode on the same events: two (then three) Percept instances
 * share a real Kafka broker (in this JVM) and a real PostgreSQL, append concurrently through their
 * own producers, and process as one consumer group while an instance leaves and another joins.
 * Identity (which identifiers belong together), each person's counters and segment memberships must
 * equal what the embedded log and processor compute from the same events — so merges across
 * partitions and instances are applied once and correctly, and no event counts twice or is lost
 * over the rebalances.
 */
class ClusterUnifyIT {

    private static PostgresTestDatabase postgres;

    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> SEGMENTS = List.of("orders >= 2", "revenue > 300 and events >= 6", "region = \"华东\"",
            "lastSeen < \"2026-07-01\"");

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        postgres = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoInstancesAgreeWithTheEmbeddedModeAcrossMergesRebalancesAndAJoin() throws Exception {
        List<Event> events = world(600, new Random(42));
        EmbeddedReference.Result embedded = embedded(events, dir);

        String topic = KafkaTestBroker.uniqueTopic("cluster-unify");
        List<Event> first = events.subList(0, events.size() / 2);
        List<Event> second = events.subList(events.size() / 2, events.size());
        try (ClusterNode a = ClusterNode.start("a", topic, 6, postgres.settings(8), CLOCK);
                ClusterNode b = ClusterNode.start("b", topic, 6, postgres.settings(8), CLOCK)) {
            // both instances take writes and process at once, once the group has given each its partitions
            a.awaitPartitions(Duration.ofSeconds(60));
            b.awaitPartitions(Duration.ofSeconds(60));
            CompletableFuture<Void> viaA = CompletableFuture.runAsync(() -> a.append(first.subList(0, first.size() / 2)));
            CompletableFuture<Void> viaB = CompletableFuture.runAsync(() -> b.append(first.subList(first.size() / 2, first.size())));
            CompletableFuture.allOf(viaA, viaB).join();
            a.awaitStored(first.size(), Duration.ofSeconds(120));
            assertThat(a.applied()).as("instance a processed part of the log").isPositive();
            assertThat(b.applied()).as("instance b processed part of the log").isPositive();

            // b leaves (its partitions move to a), c joins (it takes some back), writes go on meanwhile
            b.close();
            try (ClusterNode c = ClusterNode.start("c", topic, 6, postgres.settings(8), CLOCK)) {
                a.append(second);
                a.awaitStored(events.size(), Duration.ofSeconds(120));
                EmbeddedReference.Result cluster = cluster(c);
                assertThat(cluster.partition()).as("which identifiers belong together").isEqualTo(embedded.partition());
                assertThat(cluster.facts()).as("each person's counters").isEqualTo(embedded.facts());
                assertThat(cluster.members()).as("segment memberships").isEqualTo(embedded.members());
                assertThat(embedded.partition()).as("the world merges many profiles").hasSizeLessThan(events.size() / 4);
                assertThat(cluster(a)).as("every instance reads the same").isEqualTo(cluster);
            }
        }
    }

    static EmbeddedReference.Result embedded(List<Event> events, Path dir) throws Exception {
        return EmbeddedReference.of(events, dir, CLOCK, SEGMENTS);
    }

    static EmbeddedReference.Result cluster(ClusterNode node) {
        return EmbeddedReference.ofCluster(node.profiles(), CLOCK, SEGMENTS);
    }

    /**
     * A seeded world whose identity crosses partitions: visitors browse anonymously (keyed by their
     * anonymous id), log in (keyed by their user id), buy; some use a second device, some are renamed
     * by an alias, households share an email (a merge the default rules refuse for two user ids), and
     * a tenth of the events arrive late, out of time order.
     */
    static List<Event> world(int people, Random random) {
        List<Event> events = new ArrayList<>();
        String[] regions = {"华东", "华南", "华北", "西南"};
        int message = 0;
        for (int p = 0; p < people; p++) {
            String user = "u-" + p;
            String anon = "a-" + p;
            Instant at = T0.plusSeconds(random.nextInt(60 * 86_400));
            for (int view = 0; view < 1 + random.nextInt(4); view++) {
                events.add(event(EventType.PAGE, ++message, at = at.plusSeconds(30 + random.nextInt(600))).anonymousId(anon).name("Product").build());
            }
            String email = p % 9 == 1 ? "home-" + (p - 1) + "@example.com" : "c" + p + "@example.com";
            events.add(event(EventType.IDENTIFY, ++message, at = at.plusSeconds(60)).anonymousId(anon).userId(user)
                    .traits(Attributes.copyOf(Map.of("email", email, "region", regions[p % regions.length]))).build());
            if (p % 5 == 0) {
                String device = "d-" + p;
                events.add(event(EventType.PAGE, ++message, at.plusSeconds(7_200)).anonymousId(device).name("Home").build());
                events.add(event(EventType.IDENTIFY, ++message, at.plusSeconds(7_260)).anonymousId(device).userId(user).build());
            }
            if (p % 13 == 0) {
                events.add(event(EventType.ALIAS, ++message, at.plusSeconds(90)).userId(user).previousId("legacy-" + p).build());
                events.add(event(EventType.TRACK, ++message, at.minusSeconds(86_400)).userId("legacy-" + p).name("Order Completed")
                        .properties(Attributes.copyOf(Map.of("revenue", 88.0))).build());
            }
            for (int order = 0; order < random.nextInt(4); order++) {
                double revenue = 20 + random.nextInt(400);
                events.add(event(EventType.TRACK, ++message, at = at.plusSeconds(3_600 + random.nextInt(86_400))).userId(user)
                        .name("Order Completed").properties(Attributes.copyOf(Map.of("revenue", revenue))).build());
            }
        }
        // most events in time order, a tenth of them late (placed a random distance later)
        events.sort(java.util.Comparator.comparing(Event::timestamp));
        Map<Event, Integer> place = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            place.put(events.get(i), random.nextInt(10) == 0 ? i + random.nextInt(events.size()) : i);
        }
        events.sort(java.util.Comparator.comparing(place::get));
        return events;
    }

    private static Event.Builder event(EventType type, int message, Instant at) {
        return Event.builder(type, new MessageId("m-" + message), new SourceName("shop"), Channel.ECOMMERCE).timestamp(at).receivedAt(at);
    }
}
