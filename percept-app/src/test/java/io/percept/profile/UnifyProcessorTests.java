package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.eventlog.processing.ProcessorRunner;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentitySettings;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.PersonalData;
import io.percept.platform.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unify processor on a real store and log: attributes, merges, splits and erasure, and
 * restarts from a snapshot, from an older snapshot and from none, without double counting.
 */
class UnifyProcessorTests {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** A running processor over a store in {@code dir}. */
    private final class Running implements AutoCloseable {
        final EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        final DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
        final ProfileStore profileStore = new ProfileStore(new IdentifierExtractor(IdentitySettings.defaults()), ProfileSettings.defaults().rules());
        final UnifyProcessor processor = new UnifyProcessor(profileStore, log, store, ProfileSettings.defaults(), dir.resolve("state"));
        final Profiles profiles = new Profiles(profileStore, processor, log, store, ProfileSettings.defaults());
        final ProcessorRunner runner = new ProcessorRunner(List.of(processor), log, store, EventLogSettings.defaults().processors(),
                new SimpleMeterRegistry());

        Running() {
            runner.start();
        }

        void append(List<Event> events) throws Exception {
            long last = log.append(events).join().lastSeq();
            assertThat(processor.awaitPosition(last, 30_000)).as("processed up to " + last).isTrue();
        }

        long count(String sql) throws Exception {
            try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void close() {
            runner.stop();
            log.close();
            store.close();
        }
    }

    private static int counter;

    private static Event.Builder event(EventType type, int minute) {
        return Event.builder(type, new MessageId("m-" + (++counter)), new SourceName("shop"), Channel.ECOMMERCE)
                .timestamp(T0.plusSeconds(60L * minute)).receivedAt(T0.plusSeconds(60L * minute));
    }

    private static Event order(String user, int minute, double revenue, String category) {
        return event(EventType.TRACK, minute).userId(user).name("Order Completed")
                .properties(Attributes.copyOf(Map.of("revenue", revenue, "products",
                        List.of(Map.of("product_id", "p-" + category, "category", category, "quantity", 2, "price", revenue / 2)))))
                .build();
    }

    private static List<Event> history(int customers, int from) {
        List<Event> events = new ArrayList<>();
        for (int c = from; c < from + customers; c++) {
            String anon = "anon-" + c;
            String user = "user-" + c;
            events.add(event(EventType.PAGE, c).anonymousId(anon).name("Home").build());
            events.add(event(EventType.IDENTIFY, c + 1).anonymousId(anon).userId(user)
                    .traits(Attributes.copyOf(Map.of("email", user + "@example.com", "plan", "basic"))).build());
            events.add(order(user, c + 2, 10.0 + c, c % 2 == 0 ? "tea" : "coffee"));
            events.add(event(EventType.TRACK, c + 3).userId(user).name("Order Refunded")
                    .properties(Attributes.copyOf(Map.of("revenue", -5.0))).build());
        }
        return events;
    }

    @Test
    void computesAttributesAndMergesAnonymousHistory() throws Exception {
        try (Running running = new Running()) {
            running.append(history(3, 0));

            ProfileView profile = running.profiles.byIdentifier("email", "USER-1@example.com").orElseThrow();
            assertThat(profile.identifiers()).extracting(map -> map.get("type") + ":" + map.get("value"))
                    .containsExactly("user_id:user-1", "email:user-1@example.com", "anonymous_id:anon-1");
            assertThat(profile.attributes()).containsEntry("events", 4L).containsEntry("orders", 1).containsEntry("revenue", 11.0)
                    .containsEntry("refunds", 1).containsEntry("refunded", 5.0).containsEntry("netRevenue", 6.0)
                    .containsEntry("favouriteCategories", List.of("coffee")).containsEntry("preferredChannel", "ecommerce");
            assertThat(profile.traits()).containsEntry("plan", "basic");
            assertThat(running.profiles.count()).isEqualTo(3);
            assertThat(running.profiles.events(profile.id(), null, 10).orElseThrow().events()).hasSize(4);
            assertThat(running.profiles.audit(profile.id()).orElseThrow()).isEmpty();
        }
    }

    @Test
    void restartsFromItsSnapshotFromAnOlderOneOrFromNothingWithoutDoubleCounting() throws Exception {
        try (Running running = new Running()) {
            running.append(history(20, 0));
        }
        Path snapshot = dir.resolve("state/unify.snapshot");
        assertThat(snapshot).exists();
        Path older = dir.resolve("older.snapshot");
        Files.copy(snapshot, older);
        Map<String, Object> expected;
        try (Running running = new Running()) {
            assertThat(running.processor.awaitPosition(80, 30_000)).isTrue();
            running.append(history(20, 20));
            expected = running.profiles.byIdentifier("user_id", "user-25").orElseThrow().attributes();
            assertThat(running.profiles.count()).isEqualTo(40);
        }
        int extra = 0;
        for (String start : List.of("older snapshot", "no snapshot")) {
            extra++;
            if (start.equals("older snapshot")) {
                Files.copy(older, snapshot, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(snapshot);
            }
            try (Running running = new Running()) {
                running.append(List.of(order("user-25", 100, 1.0, "tea")));
                ProfileView again = running.profiles.byIdentifier("user_id", "user-25").orElseThrow();
                assertThat(again.attributes().get("orders")).as(start).isEqualTo((Integer) expected.get("orders") + extra);
                assertThat(again.attributes().get("events")).as(start).isEqualTo((Long) expected.get("events") + extra);
                assertThat(running.profiles.count()).as(start).isEqualTo(40);
                assertThat(running.count("SELECT count(*) FROM event_identities")).as(start).isEqualTo(160 + extra);
                assertThat(running.count("SELECT count(*) - count(DISTINCT seq) FROM event_identities")).as(start).isZero();
                // the mirror runs on its own thread, when the processor is idle
                long deadline = System.currentTimeMillis() + 10_000;
                while (running.count("SELECT count(*) FROM profiles") != 40 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(running.count("SELECT count(*) FROM profiles")).as(start).isEqualTo(40);
            }
        }
    }

    /** Events of every profile in the last hundred years, and orders among them, summed over the profiles. */
    private static long[] eventWindowTotals(Profiles profiles) {
        long[] totals = new long[2];
        profiles.forEach((id, facts) -> {
            totals[0] += ((Number) facts.value("events(36500d)")).longValue();
            totals[1] += ((Number) facts.value("events(36500d,name=order completed,type=track)")).longValue();
        });
        return totals;
    }

    @Test
    void eventWindowsComeBackFromTheSnapshotAndFromTheLogWhenTheSnapshotIsOfThePreviousFormat() throws Exception {
        try (Running running = new Running()) {
            running.append(history(5, 0));
            assertThat(eventWindowTotals(running.profiles)).containsExactly(20, 5);
        }
        Path snapshot = dir.resolve("state/unify.snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PERCPRO6");
        for (String start : List.of("snapshot", "previous format")) {
            if (start.equals("previous format")) {
                bytes[7] = '5';
                Files.write(snapshot, bytes);
            }
            try (Running running = new Running()) {
                assertThat(running.processor.awaitPosition(20, 30_000)).isTrue();
                assertThat(eventWindowTotals(running.profiles)).as(start).containsExactly(20, 5);
                assertThat(running.profiles.count()).as(start).isEqualTo(5);
            }
        }
    }

    @Test
    void splitRebuildsBothProfilesFromTheLogAndEraseRemovesEverything() throws Exception {
        try (Running running = new Running()) {
            running.append(history(2, 0));
            long id = running.profiles.byIdentifier("user_id", "user-0").orElseThrow().id();

            Profiles.ControlResult split = running.profiles.split(id, "anonymous_id", "anon-0").orElseThrow();

            assertThat(split.applied()).as(split.toString()).isTrue();
            ProfileView user = running.profiles.byIdentifier("user_id", "user-0").orElseThrow();
            ProfileView anonymous = running.profiles.byIdentifier("anonymous_id", "anon-0").orElseThrow();
            assertThat(user.id()).isNotEqualTo(anonymous.id());
            assertThat(anonymous.attributes()).containsEntry("events", 1L);
            assertThat(user.attributes()).containsEntry("events", 3L).containsEntry("orders", 1);
            assertThat(running.profiles.events(anonymous.id(), null, 10).orElseThrow().events()).extracting(e -> e.event().type())
                    .containsExactly(EventType.PAGE);
            assertThat(running.profiles.audit(user.id()).orElseThrow()).extracting(Profiles.AuditEntry::kind).contains("split");
            // the same identifiers together again do not rejoin what the admin split
            running.append(List.of(event(EventType.TRACK, 50).userId("user-0").anonymousId("anon-0").name("Viewed").build()));
            assertThat(running.profiles.byIdentifier("anonymous_id", "anon-0").orElseThrow().id()).isEqualTo(anonymous.id());

            Map<String, Object> export = running.profiles.export(user.id()).orElseThrow();
            assertThat((List<?>) export.get("events")).hasSize(4);

            Profiles.ControlResult erased = running.profiles.erase(user.id()).orElseThrow();

            assertThat(erased.applied()).isTrue();
            assertThat(erased.events()).as("identify, order, refund, viewed").isEqualTo(4);
            assertThat(running.profiles.byIdentifier("user_id", "user-0")).isEmpty();
            assertThat(running.profiles.byIdentifier("email", "user-0@example.com")).isEmpty();
            assertThat(running.count("SELECT count(*) FROM event_log WHERE payload::VARCHAR LIKE '%user-0%'")).isZero();
            assertThat(running.count("SELECT count(*) FROM event_identities WHERE identifier LIKE '%user-0%'")).isZero();
            assertThat(running.count("SELECT count(*) FROM identity_audit WHERE identifier LIKE '%user-0%'")).isZero();
            assertThat(running.profiles.byIdentifier("user_id", "user-1")).isPresent();

            // DuckDB only marks the rows deleted (their bytes stayed in the file in every run while
            // this was built); compaction below is what removes them
            running.store.checkpoint();
        }
        long[] sizes = EmbeddedStore.compact(dir);

        String file = new String(Files.readAllBytes(dir.resolve(EmbeddedStore.DATABASE_FILE)), StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("user-0@example.com").contains("user-1@example.com");
        assertThat(sizes[1]).isPositive();
        assertThat(new String(Files.readAllBytes(dir.resolve("state/unify.snapshot")), StandardCharsets.ISO_8859_1))
                .doesNotContain("user-0@example.com").contains("user-1@example.com");
        try (Running running = new Running()) {
            assertThat(running.processor.awaitPosition(running.log.head(), 30_000)).isTrue();
            assertThat(running.profiles.byIdentifier("user_id", "user-1").orElseThrow().attributes()).containsEntry("orders", 1);
            assertThat(running.profiles.byIdentifier("user_id", "user-0")).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsThatAProcessorBehindTheErasureWritesAfterItAreDeletedOnceItHasPassedIt() throws Exception {
        java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong(0);
        try (Running running = new Running()) {
            try (Connection connection = running.store.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE late_rows (seq BIGINT, customer VARCHAR)");
            }
            PersonalData lateRows = () -> List.of(new PersonalData.Table("late_rows", "seq IN (:seqs) OR customer IN (:identifiers)"));
            running.processor.usePersonalData(() -> List.of(lateRows));
            running.processor.useSlowestProcessor(slowest::get);
            running.append(history(2, 0));
            long id = running.profiles.byIdentifier("user_id", "user-0").orElseThrow().id();
            List<Long> seqs = ((List<LoggedEvent>) running.profiles.export(id).orElseThrow().get("events")).stream().map(LoggedEvent::seq).toList();
            insert(running, "INSERT INTO late_rows VALUES (NULL, 'user_id:user-0'), (NULL, 'user_id:user-1')");
            assertThat((Map<String, List<?>>) running.profiles.export(id).orElseThrow().get("derived")).containsOnlyKeys("late_rows")
                    .extractingByKey("late_rows").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);

            assertThat(running.profiles.erase(id).orElseThrow().applied()).isTrue();
            assertThat(running.count("SELECT count(*) FROM late_rows")).as("deleted with the events").isEqualTo(1);

            // a processor that had read the person's events before the erasure commits a row from one of them after it
            insert(running, "INSERT INTO late_rows VALUES (" + seqs.get(1) + ", NULL)");
            Thread.sleep(300);
            assertThat(running.count("SELECT count(*) FROM late_rows")).as("that processor has not passed the erasure yet").isEqualTo(2);
            slowest.set(running.log.head());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (running.count("SELECT count(*) FROM late_rows WHERE seq IS NOT NULL") > 0) {
                assertThat(System.nanoTime()).as("the late row deleted").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(running.count("SELECT count(*) FROM late_rows WHERE customer = 'user_id:user-1'")).as("the other person's row").isEqualTo(1);
        }
    }

    private static void insert(Running running, String sql) throws Exception {
        try (Connection connection = running.store.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
