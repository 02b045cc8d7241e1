package io.percept.eventlog.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.TestEvents;
import io.percept.platform.ClusterDatabase;
import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What cluster mode's store does beyond the port: month partitions, COPY's escaping, transactions. */
class PostgresEventStoreTests {

    private static final Clock NOVEMBER_2026 = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private PostgresTestDatabase database;
    private ClusterDatabase cluster;
    private PostgresEventStore store;
    private final AtomicLong offsets = new AtomicLong();

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        cluster = database.open(8);
        store = new PostgresEventStore(cluster.dataSource(), NOVEMBER_2026);
    }

    @AfterEach
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    /** Events happening at the given times, with seqs of partition 0 in that order. */
    private List<LoggedEvent> at(String... times) {
        List<LoggedEvent> events = new ArrayList<>();
        for (String time : times) {
            Instant at = Instant.parse(time);
            events.add(logged(Event.builder(EventType.TRACK, new MessageId("m-" + offsets.get()), TestEvents.SOURCE, Channel.WEB)
                    .userId("u").name("Viewed").timestamp(at).receivedAt(NOVEMBER_2026.instant()).build()));
        }
        return events;
    }

    private LoggedEvent logged(Event event) {
        return new LoggedEvent(ClusterSeq.of(0, offsets.getAndIncrement()), event);
    }

    private void writeAndCommit(PostgresEventStore writer, List<LoggedEvent> events) throws SQLException {
        try (Connection connection = cluster.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            writer.write(connection, events);
            connection.commit();
        }
    }

    /** Each partition of {@code events} with its row count. */
    private Map<String, Long> partitions() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'events'::regclass ORDER BY c.relname")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String name : names) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + name)) {
                    rows.next();
                    counts.put(name, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    @Test
    void eachMonthGetsItsOwnPartitionAndNextMonthIsReadyAhead() throws SQLException {
        writeAndCommit(store, at("2026-08-31T23:59:59.9999999Z", "2026-09-01T00:00:00Z", "2026-09-15T10:00:00Z", "2026-10-31T23:59:59Z",
                "2026-10-01T00:00:00Z", "2026-09-30T12:00:00Z"));

        assertThat(partitions()).containsExactly(Map.entry("events_default", 0L), Map.entry("events_y2026m08", 1L),
                Map.entry("events_y2026m09", 3L), Map.entry("events_y2026m10", 2L), Map.entry("events_y2026m12", 0L));
        assertThat(store.count()).isEqualTo(6);
    }

    @Test
    void monthsOutsideTheWindowWaitInTheDefaultPartitionAndMoveIntoTheirOwnWhenItComes() throws SQLException {
        List<LoggedEvent> early = at("1969-12-31T23:00:00Z", "2027-03-02T00:00:00Z", "2027-03-20T00:00:00Z");
        writeAndCommit(store, early);
        assertThat(partitions()).containsEntry("events_default", 3L).doesNotContainKey("events_y2027m03");

        PostgresEventStore inFebruary = new PostgresEventStore(cluster.dataSource(),
                Clock.fixed(Instant.parse("2027-02-10T00:00:00Z"), ZoneOffset.UTC));
        writeAndCommit(inFebruary, at("2027-02-10T00:00:00Z"));

        assertThat(partitions()).containsEntry("events_default", 1L).containsEntry("events_y2027m02", 1L).containsEntry("events_y2027m03", 2L);
        assertThat(inFebruary.read(early.stream().mapToLong(LoggedEvent::seq).toArray())).containsExactlyElementsOf(early);
    }

    @Test
    void writersRacingToCreateTheSameNewMonthAllSucceed() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int month = 1; month <= 4; month++) {
                String day = String.format("2026-%02d-15T08:00:00Z", month);
                CyclicBarrier start = new CyclicBarrier(writers);
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    // each writer is an instance of its own: it knows nothing of the others' partitions
                    PostgresEventStore instance = new PostgresEventStore(cluster.dataSource(), NOVEMBER_2026);
                    List<LoggedEvent> events = at(day, day, day);
                    done.add(CompletableFuture.runAsync(() -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                            writeAndCommit(instance, events);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, pool));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(partitions()).containsEntry("events_y2026m01", 12L).containsEntry("events_y2026m02", 12L)
                .containsEntry("events_y2026m03", 12L).containsEntry("events_y2026m04", 12L).containsEntry("events_default", 0L);
        assertThat(store.count()).isEqualTo(48);
    }

    @Test
    void copyKeepsTextThatCopyTreatsSpeciallyExactly() throws SQLException {
        String[] nasty = {"tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\.", "\\", "ends with \\", "\"quoted\" 'single'",
            "comma, semicolon; pipe|", "中文 客服态度很差", "emoji 😀👍🏽", "\u0085 next line \u2028 separator \ufeff bom", "bell \u0007 escape \u001b",
            "\\t literal backslash-t", "", " "};
        List<LoggedEvent> events = new ArrayList<>();
        for (String text : nasty) {
            events.add(logged(Event.builder(EventType.TRACK, new MessageId("id " + text + "."), TestEvents.SOURCE, Channel.WEB)
                    .userId("user " + text).anonymousId(text.isEmpty() ? null : text).name("name " + text)
                    .timestamp(TestEvents.T0).receivedAt(TestEvents.T0)
                    .properties(Attributes.copyOf(Map.of("text", text, text.isEmpty() ? "empty" : text, "key"))).build()));
        }
        LoggedEvent withNul = logged(Event.builder(EventType.TRACK, new MessageId("nul"), TestEvents.SOURCE, Channel.WEB).userId("a\u0000b")
                .name("n").timestamp(TestEvents.T0).properties(Attributes.copyOf(Map.of("text", "x\u0000y"))).build());
        events.add(withNul);
        writeAndCommit(store, events);

        assertThat(store.read(events.stream().mapToLong(LoggedEvent::seq).toArray())).containsExactlyElementsOf(events);
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement("SELECT message_id, user_id, anonymous_id, name FROM events WHERE seq = ?")) {
            for (LoggedEvent logged : events.subList(0, nasty.length)) {
                select.setLong(1, logged.seq());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    Event event = logged.event();
                    assertThat(List.of(row.getString(1), row.getString(2), String.valueOf(row.getString(3)), row.getString(4)))
                            .containsExactly(event.messageId().value(), event.userId(), String.valueOf(event.anonymousId()), event.name());
                }
            }
            select.setLong(1, withNul.seq());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                assertThat(row.getString(2)).as("PostgreSQL text holds no U+0000").isEqualTo("a\uFFFDb");
            }
        }
    }

    @Test
    void aRolledBackWriteLeavesNeitherEventsNorPartitions() throws SQLException {
        List<LoggedEvent> june = at("2026-06-10T00:00:00Z", "2026-06-11T00:00:00Z");
        try (Connection connection = cluster.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            store.write(connection, june);
            connection.rollback();
        }

        assertThat(store.count()).isZero();
        assertThat(partitions()).containsOnlyKeys("events_default");

        // the same store instance creates the month again rather than believing it exists
        writeAndCommit(store, june);
        assertThat(partitions()).containsEntry("events_y2026m06", 2L).containsEntry("events_default", 0L);
    }

    @Test
    void storingAnEventTwiceFailsInsteadOfDuplicatingIt() throws SQLException {
        List<LoggedEvent> events = at("2026-11-02T00:00:00Z");
        writeAndCommit(store, events);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writeAndCommit(store, events)).isInstanceOf(SQLException.class)
                .hasMessageContaining("duplicate key");
        assertThat(store.count()).isEqualTo(1);
    }
}
