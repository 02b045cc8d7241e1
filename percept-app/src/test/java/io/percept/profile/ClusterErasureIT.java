package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.testing.ClusterNode;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Export and erasure in cluster mode, against a real Kafka broker (in this JVM) and a real PostgreSQL, with two
 * instances: one erases a person while the other takes in and both process other customers' events;
 * then every column of every table in the database
 * (text, arrays and bytes: events, their identities, the identity audit, links and the graph snapshot,
 * profile states, segment members, scores) is scanned for the person's identifiers, and neither
 * instance knows the person any more; everyone else is exactly as before, the newcomers counted in full; and the person's identifier
 * coming back makes a new, empty profile on the other instance. And retention in cluster mode: events
 * received before the cutoff leave the event store with their identities; profiles keep what they computed.
 */
class ClusterErasureIT {

    private static final List<String> SEGMENTS = List.of("orders >= 1", "region = \"华东\"");

    @Test
    void anErasedPersonIsInNoTableOnNoInstanceAndEveryoneElseIsUnchanged() throws Exception {
        List<Event> events = ClusterUnifyIT.world(60, new Random(7));
        String topic = KafkaTestBroker.uniqueTopic("cluster-erasure");
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create();
                ClusterNode a = ClusterNode.start("a", topic, 4, postgres.settings(4), ClusterUnifyIT.CLOCK);
                ClusterNode b = ClusterNode.start("b", topic, 4, postgres.settings(4), ClusterUnifyIT.CLOCK)) {
            a.awaitPartitions(Duration.ofSeconds(60));
            b.awaitPartitions(Duration.ofSeconds(60));
            a.append(events);
            a.awaitStored(events.size(), Duration.ofSeconds(120));

            // person 15 logged in on a second device (p % 5 == 0) and shares no email (p % 9 != 1): user id, two anonymous ids, an email
            long id = b.profiles().profileOf("user_id", "u-15").orElseThrow();
            List<String> identifiers = b.profiles().identifiers(id);
            assertThat(identifiers).contains("user_id:u-15", "anonymous_id:a-15", "anonymous_id:d-15", "email:c15@example.com");
            List<String> values = identifiers.stream().map(name -> name.substring(name.indexOf(':') + 1)).toList();
            Map<String, Integer> before = scan(postgres, values);
            assertThat(before.keySet()).as("where the person is before the erasure (the scan finds them)")
                    .contains("events.payload", "events.user_id", "event_identities.identifier", "identity_links.identifiers",
                            "profiles.user_id");
            Map<String, Object> export = b.profiles().export(id, List.of()).orElseThrow();
            @SuppressWarnings("unchecked")
            List<io.percept.eventlog.LoggedEvent> exported = (List<io.percept.eventlog.LoggedEvent>) export.get("events");
            long own = events.stream().filter(event -> values.contains(event.userId()) || values.contains(event.anonymousId())).count();
            assertThat(exported).as("the export holds every event of the person").hasSize((int) own)
                    .allSatisfy(logged -> assertThat(values).contains(logged.event().userId() != null ? logged.event().userId() : logged.event().anonymousId()));
            assertThat(((ClusterProfiles.ClusterProfile) export.get("profile")).identifiers()).hasSize(identifiers.size());
            assertThat(export).containsKeys("traitHistory", "identityAudit", "derived", "files");
            EmbeddedReference.Result everyone = EmbeddedReference.ofCluster(b.profiles(), ClusterUnifyIT.CLOCK, SEGMENTS);
            Set<String> key = EmbeddedReference.names(identifiers);
            assertThat(everyone.partition()).contains(key);

            // other customers keep arriving through b while a erases
            List<Event> meanwhile = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Instant at = Instant.parse("2026-07-01T08:00:00Z").plusSeconds(i);
                meanwhile.add(Event.builder(EventType.TRACK, new MessageId("meanwhile-" + i), new SourceName("shop"), Channel.ECOMMERCE)
                        .userId("late-" + i % 40).name("Product Viewed").timestamp(at).receivedAt(at).build());
            }
            java.util.concurrent.CompletableFuture<Void> arriving = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int from = 0; from < meanwhile.size(); from += 20) {
                    b.append(meanwhile.subList(from, from + 20));
                }
            });
            ClusterProfiles.Erasure erasure = a.profiles().erase(id, List.of()).orElseThrow();
            arriving.join();
            b.awaitStored(events.size() - erasure.events() + meanwhile.size(), Duration.ofSeconds(120));

            assertThat(erasure.identifiers()).isEqualTo(identifiers.size());
            assertThat(erasure.events()).as("the person's events").isEqualTo(own);
            Map<String, Integer> after = scan(postgres, values);
            System.out.printf("cluster erasure: %d identifiers, %d events and %d derived rows erased; found before in %s, after in %s%n",
                    erasure.identifiers(), erasure.events(), erasure.derivedRows(), before, after);
            assertThat(after).as("every column of every table, after the erasure").isEmpty();
            for (ClusterNode node : List.of(a, b)) {
                assertThat(node.profiles().get(id)).as("profile %d read on another instance too", id).isEmpty();
                assertThat(node.profiles().profileOf("user_id", "u-15")).isEmpty();
                assertThat(node.profiles().profileOf("email", "c15@example.com")).isEmpty();
            }
            for (int i = 0; i < 40; i++) {
                long late = a.profiles().profileOf("user_id", "late-" + i).orElseThrow();
                assertThat(String.valueOf(a.profiles().get(late).orElseThrow().attributes().get("events"))).as("late-%d", i).isEqualTo("10");
            }
            EmbeddedReference.Result rest = EmbeddedReference.ofCluster(b.profiles(), ClusterUnifyIT.CLOCK, SEGMENTS);
            Set<Set<String>> expectedPartition = new java.util.HashSet<>(everyone.partition());
            expectedPartition.remove(key);
            Set<Set<String>> restPartition = new java.util.HashSet<>(rest.partition());
            restPartition.removeIf(profile -> profile.stream().anyMatch(name -> name.startsWith("user_id:late-")));
            Map<Set<String>, List<Object>> expectedFacts = new HashMap<>(everyone.facts());
            expectedFacts.remove(key);
            Map<Set<String>, List<Object>> restFacts = new HashMap<>(rest.facts());
            restFacts.keySet().removeIf(profile -> profile.stream().anyMatch(name -> name.startsWith("user_id:late-")));
            assertThat(restPartition).as("everyone else's identity").isEqualTo(expectedPartition);
            assertThat(restFacts).as("everyone else's counters").isEqualTo(expectedFacts);
            assertThat(a.profiles().erase(id, List.of())).as("erasing again").isEmpty();
            assertThat(b.profiles().export(id, List.of())).isEmpty();

            // the same customer comes back: a new person, known only by what they send from now on
            Instant now = Instant.parse("2026-08-01T10:00:00Z");
            b.append(List.of(Event.builder(EventType.TRACK, new MessageId("back-1"), new SourceName("shop"), Channel.ECOMMERCE).userId("u-15")
                    .name("Product Viewed").timestamp(now).receivedAt(now).build()));
            b.awaitStored(events.size() - erasure.events() + meanwhile.size() + 1, Duration.ofSeconds(60));
            long again = a.profiles().profileOf("user_id", "u-15").orElseThrow();
            assertThat(again).as("a new profile id").isNotEqualTo(id);
            assertThat(a.profiles().identifiers(again)).containsExactly("user_id:u-15");
            assertThat(String.valueOf(a.profiles().get(again).orElseThrow().attributes().get("events"))).isEqualTo("1");
        }
    }

    @Test
    void retentionRemovesOldEventsAndTheirIdentitiesAndKeepsTheProfiles() throws Exception {
        List<Event> events = ClusterUnifyIT.world(40, new Random(3));
        Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
        long old = events.stream().filter(event -> event.receivedAt().isBefore(cutoff)).count();
        assertThat(old).as("the world spans the cutoff").isBetween(1L, events.size() - 1L);
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create();
                ClusterNode a = ClusterNode.start("a", KafkaTestBroker.uniqueTopic("cluster-retention"), 2, postgres.settings(4), ClusterUnifyIT.CLOCK)) {
            a.awaitPartitions(Duration.ofSeconds(60));
            a.append(events);
            a.awaitStored(events.size(), Duration.ofSeconds(120));
            EmbeddedReference.Result before = EmbeddedReference.ofCluster(a.profiles(), ClusterUnifyIT.CLOCK, SEGMENTS);

            assertThat(a.profiles().expireEvents(cutoff)).isEqualTo(old);

            try (Connection connection = postgres.connect(); java.sql.Statement statement = connection.createStatement()) {
                assertThat(count(statement, "SELECT count(*) FROM events")).isEqualTo(events.size() - old);
                assertThat(count(statement, "SELECT count(*) FROM events WHERE received_at < '2026-06-01T00:00:00Z'")).isZero();
                assertThat(count(statement, "SELECT count(*) FROM event_identities e WHERE NOT EXISTS (SELECT 1 FROM events v WHERE v.seq = e.seq)"))
                        .as("no identity of an expired event").isZero();
                assertThat(count(statement, "SELECT count(*) FROM event_identities")).as("the kept events' identities").isPositive();
            }
            assertThat(EmbeddedReference.ofCluster(a.profiles(), ClusterUnifyIT.CLOCK, SEGMENTS)).as("profiles keep what they computed")
                    .isEqualTo(before);
        }
    }

    private static long count(java.sql.Statement statement, String sql) throws java.sql.SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every column (as text, array or bytes) of every table that holds any of {@code values}: "table.column" to rows. */
    private static Map<String, Integer> scan(PostgresTestDatabase postgres, List<String> values) throws Exception {
        Map<String, Integer> found = new TreeMap<>();
        try (Connection connection = postgres.connect()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                    + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                    + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                }
            }
            assertThat(columns).as("the scan reads the database").hasSizeGreaterThan(50);
            for (String[] column : columns) {
                boolean bytes = "bytea".equals(column[2]);
                for (String value : values) {
                    // text: the value not inside a longer name or number (u-15 is not u-150); bytes: anywhere
                    String condition = bytes ? "position(convert_to(?, 'UTF8') in \"" + column[1] + "\") > 0"
                            : "\"" + column[1] + "\"::text ~ ?";
                    String parameter = bytes ? value
                            : "(^|[^A-Za-z0-9])" + value.replaceAll("([.\\[\\]()*+?^$|{}\\\\])", "\\\\$1") + "($|[^A-Za-z0-9])";
                    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM \"" + column[0] + "\" WHERE " + condition)) {
                        count.setString(1, parameter);
                        try (ResultSet rows = count.executeQuery()) {
                            rows.next();
                            if (rows.getInt(1) > 0) {
                                found.merge(column[0] + "." + column[1], rows.getInt(1), Integer::sum);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
