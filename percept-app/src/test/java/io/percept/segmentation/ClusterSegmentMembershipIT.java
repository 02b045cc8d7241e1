package io.percept.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.SourceName;
import io.percept.platform.ClusterRole;
import io.percept.platform.JsonValues;
import io.percept.profile.ClusterProfiles;
import io.percept.profile.EmbeddedReference;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Live segment membership in cluster mode, as users run it: two whole Percept applications on a real
 * Kafka broker (in this JVM) and a real PostgreSQL. Customers enter a segment by ordering, exit it by
 * a refund, and two pairs of profiles logged in different partitions merge. Each entering and
 * exiting profile gets exactly one event although both instances run, none for a merge, and the
 * stored members are what the embedded mode computes from the same events. Then the instance keeping
 * membership stops, changes happen while no instance keeps it, and the other emits exactly those.
 */
class ClusterSegmentMembershipIT {

    private static final String TOKEN = "cluster-admin-token-0123456789";
    private static final String SEGMENT = "loyal";
    private static final String DEFINITION = "orders >= 2 and refunds = 0";
    private static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** A Segment Entered or Exited event as stored. */
    private record Move(String what, long profile, String userId, String anonymousId) {

        String who() {
            return userId != null ? userId : anonymousId;
        }
    }

    @TempDir
    Path dir;

    private final List<Event> sent = new ArrayList<>();
    private int messages;

    @Test
    void oneInstanceEmitsEachEntryAndExitOnceAndTheOtherTakesOverWhereItStopped() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            String topic = KafkaTestBroker.uniqueTopic("cluster-segments");
            ConfigurableApplicationContext a = start("a", topic, database);
            ConfigurableApplicationContext b = start("b", topic, database);
            try {
                a.getBean(Segments.class).save(SEGMENT, DEFINITION, null, null);

                // eight customers order twice (their login through one instance, the orders through the other)
                for (int p = 0; p < 8; p++) {
                    append(a, event(EventType.IDENTIFY, "u-" + p, "a-" + p, null, 0));
                    append(b, order("u-" + p, null, 20), order("u-" + p, null, 30));
                }
                // two visitors order as anonymous and as logged-in customers, in different partitions
                long anonymousM = append(a, order(null, "a-m", 10), order(null, "a-m", 15));
                long userM = append(b, order("u-m", null, 12));
                long anonymousT = append(a, order(null, "a-t", 11));
                long userT = append(b, order("u-t", null, 13));
                assertThat(ClusterSeq.partition(anonymousM)).as("m's merge crosses partitions").isNotEqualTo(ClusterSeq.partition(userM));
                assertThat(ClusterSeq.partition(anonymousT)).as("t's merge crosses partitions").isNotEqualTo(ClusterSeq.partition(userT));
                await(() -> entered(database).containsAll(List.of("u-0", "u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7", "a-m")),
                        "the customers with two orders entered");
                ClusterProfiles profiles = a.getBean(ClusterProfiles.class);
                long profileAnonymousM = profiles.profileOf("anonymous_id", "a-m").orElseThrow();

                // two refunds (exits), two logins that merge (m was in the segment, t joins it by the merge)
                append(b, refund("u-0"), refund("u-1"));
                append(a, event(EventType.IDENTIFY, "u-m", "a-m", null, 0), event(EventType.IDENTIFY, "u-t", "a-t", null, 0));
                awaitMembersAsEmbedded(database, profiles, "after exits and merges");
                long survivorM = profiles.profileOf("anonymous_id", "a-m").orElseThrow();
                List<Move> moves = settledMoves(database);
                assertThat(moves).as("no profile entered or exited twice").doesNotHaveDuplicates();
                assertThat(moves.stream().filter(move -> move.what().equals(SegmentMembership.EXITED)).map(Move::who))
                        .as("exits: the refunded customers, none for the merged profiles").containsExactlyInAnyOrder("u-0", "u-1");
                List<String> entered = new ArrayList<>(List.of("u-0", "u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7", "a-m", "u-t"));
                if (survivorM != profileAnonymousM) {
                    // m lives on in the profile that was not in the segment: it enters, the one merged away does not exit
                    entered.add("u-m");
                }
                assertThat(moves.stream().filter(move -> move.what().equals(SegmentMembership.ENTERED)).map(Move::who))
                        .containsExactlyInAnyOrderElementsOf(entered);

                // the instance keeping membership stops; nobody keeps it while customers change; then the other takes over
                await(() -> role(a).held() || role(b).held(), "an instance keeps membership");
                boolean aKeeps = role(a).held();
                ConfigurableApplicationContext stopping = aKeeps ? a : b;
                ConfigurableApplicationContext other = aKeeps ? b : a;
                try (ClusterRole meanwhile = new ClusterRole(database.open(2).dataSource(), ClusterMembershipConfiguration.ROLE)) {
                    // the test takes the role as the instance lets it go (the other asks only every 200 ms, so nearly always first)
                    Thread taker = new Thread(() -> {
                        long deadline = System.nanoTime() + WAIT.toNanos();
                        while (!meanwhile.held() && System.nanoTime() < deadline) {
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                    taker.start();
                    stopping.close();
                    taker.join(Duration.ofSeconds(10).toMillis());
                    taker.interrupt();
                    boolean nobodyKeeps = meanwhile.held();
                    append(other, order("u-8", null, 40), order("u-8", null, 41), order("u-9", null, 42), order("u-9", null, 43), refund("u-2"));
                    ClusterProfiles otherProfiles = other.getBean(ClusterProfiles.class);
                    await(() -> attribute(otherProfiles, "u-9", "orders") == 2 && attribute(otherProfiles, "u-2", "refunds") == 1,
                            "the other instance unified the changes");
                    if (nobodyKeeps) {
                        assertThat(settledMoves(database)).as("no events while nobody keeps membership").isEqualTo(moves);
                    }
                }
                awaitMembersAsEmbedded(database, other.getBean(ClusterProfiles.class), "after the takeover");
                List<Move> after = settledMoves(database);
                assertThat(after).as("no profile entered or exited twice").doesNotHaveDuplicates();
                List<String> changes = new ArrayList<>();
                after.stream().filter(move -> !moves.contains(move)).forEach(move -> changes.add(move.what() + " " + move.who()));
                assertThat(changes).as("the takeover emits what changed meanwhile, nothing for unchanged members")
                        .containsExactlyInAnyOrder("Segment Entered u-8", "Segment Entered u-9", "Segment Exited u-2");
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private ConfigurableApplicationContext start(String instance, String topic, PostgresTestDatabase database) {
        return new SpringApplicationBuilder(PerceptApplication.class).run("--percept.mode=cluster", "--server.port=0",
                "--percept.platform.data-dir=" + dir.resolve(instance), "--percept.platform.admin-token=" + TOKEN,
                "--percept.cluster.instance-id=" + instance, "--percept.cluster.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
                "--percept.cluster.kafka.topic=" + topic, "--percept.cluster.kafka.partitions=4", "--percept.cluster.postgres.url=" + database.url(),
                "--percept.cluster.postgres.user=postgres", "--percept.cluster.postgres.pool-size=6", "--percept.cluster.processors.batch-size=100",
                "--percept.segmentation.update-interval=200ms", "--percept.segmentation.recompute-interval=0s");
    }

    /** A number attribute of the profile of user {@code userId}, -1 while there is none. */
    private static int attribute(ClusterProfiles profiles, String userId, String name) {
        return profiles.profileOf("user_id", userId).flatMap(profiles::get)
                .map(profile -> ((Number) profile.attributes().getOrDefault(name, -1)).intValue()).orElse(-1);
    }

    private static ClusterRole role(ConfigurableApplicationContext context) {
        return context.getBean("segmentMembershipRole", ClusterRole.class);
    }

    /** Appends through the instance's log and waits until durable; returns the first event's sequence number. */
    private long append(ConfigurableApplicationContext instance, Event... events) {
        sent.addAll(List.of(events));
        return instance.getBean(PartitionedLog.class).appendAll(List.of(events)).join()[0];
    }

    private Event order(String userId, String anonymousId, double revenue) {
        return event(EventType.TRACK, userId, anonymousId, "Order Completed", revenue);
    }

    private Event refund(String userId) {
        return event(EventType.TRACK, userId, null, "Order Refunded", 5);
    }

    private Event event(EventType type, String userId, String anonymousId, String name, double revenue) {
        Instant at = T0.plusSeconds(++messages * 60L);
        Event.Builder builder = Event.builder(type, new MessageId("m-" + messages), new SourceName("shop"), Channel.ECOMMERCE).userId(userId)
                .anonymousId(anonymousId).timestamp(at).receivedAt(at);
        return (name == null ? builder : builder.name(name).properties(Attributes.copyOf(Map.of("revenue", revenue)))).build();
    }

    /** Waits until the stored members are, person by person, what the embedded mode computes from the events sent. */
    private void awaitMembersAsEmbedded(PostgresTestDatabase database, ClusterProfiles profiles, String when) throws Exception {
        Set<Set<String>> expected = EmbeddedReference.of(List.copyOf(sent), dir.resolve("embedded-" + sent.size()), Clock.systemUTC(),
                List.of(DEFINITION)).members().get(DEFINITION);
        assertThat(expected).as("the segment has members").isNotEmpty();
        AtomicReference<Set<Set<String>>> stored = new AtomicReference<>();
        if (!poll(() -> {
            Set<Set<String>> people = new HashSet<>();
            for (long id : query(database, "SELECT profile_id FROM segment_members WHERE name = '" + SEGMENT + "'", rows -> rows.getLong(1))) {
                people.add(EmbeddedReference.names(profiles.identifiers(id)));
            }
            stored.set(people);
            return people.equals(expected);
        })) {
            assertThat(stored.get()).as("segment_members " + when + " as the embedded mode's evaluation").isEqualTo(expected);
        }
    }

    /** The membership events once no more arrive for a moment. */
    private static List<Move> settledMoves(PostgresTestDatabase database) throws Exception {
        List<Move> moves = moves(database);
        for (int quiet = 0; quiet < 15; ) {
            Thread.sleep(200);
            List<Move> now = moves(database);
            quiet = now.size() == moves.size() ? quiet + 1 : 0;
            moves = now;
        }
        return moves;
    }

    private static List<Move> moves(PostgresTestDatabase database) throws Exception {
        return query(database, "SELECT name, payload, user_id, anonymous_id FROM events WHERE source = 'percept-segments' ORDER BY seq", rows -> {
            Map<String, Object> properties = JsonValues.parseObject(rows.getString(2));
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) properties.get("properties");
            assertThat(props.get("segment")).isEqualTo(SEGMENT);
            return new Move(rows.getString(1), ((Number) props.get("profile_id")).longValue(), rows.getString(3), rows.getString(4));
        });
    }

    private static List<String> entered(PostgresTestDatabase database) throws Exception {
        return moves(database).stream().filter(move -> move.what().equals(SegmentMembership.ENTERED)).map(Move::who).toList();
    }

    private interface Row<T> {
        T read(ResultSet rows) throws Exception;
    }

    private static <T> List<T> query(PostgresTestDatabase database, String sql, Row<T> row) throws Exception {
        List<T> found = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                found.add(row.read(rows));
            }
        }
        return found;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean poll(Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean await(Check check, String what) throws Exception {
        assertThat(poll(check)).as(what + " within " + WAIT).isTrue();
        return true;
    }
}
