package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.postgres.PostgresEventStore;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentitySettings;
import io.percept.platform.ClusterDatabase;
import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode's profile change feed on a real PostgreSQL: every change is reported once its
 * transaction commits, also when transactions commit out of order, and profiles merged away are
 * reported gone.
 */
class ClusterProfileChangesIT {

    private static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");
    private final AtomicLong seqs = new AtomicLong();

    @Test
    void aChangeCommittedAfterALaterOneIsStillReported() throws Exception {
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create()) {
            ClusterDatabase database = postgres.open(4);
            ClusterProfiles profiles = profiles(database);
            try (Connection setup = database.dataSource().getConnection(); Statement insert = setup.createStatement()) {
                insert.execute("INSERT INTO profile_states (profile_id, state, updated_at) VALUES (1, '\\x00', now()), (2, '\\x00', now())");
            }
            long cursor = profiles.changeCursor();
            try (Connection first = database.dataSource().getConnection(); Connection second = database.dataSource().getConnection()) {
                first.setAutoCommit(false);
                second.setAutoCommit(false);
                ClusterProfiles.markChanged(first, new long[] {1});
                ClusterProfiles.markChanged(second, new long[] {2});
                second.commit();

                ClusterProfiles.Changes whileFirstOpen = profiles.changes(cursor);
                assertThat(whileFirstOpen.changed()).as("the open transaction's change is not visible yet").doesNotContain(1L);
                first.commit();
                ClusterProfiles.Changes afterFirst = profiles.changes(whileFirstOpen.next());

                assertThat(afterFirst.changed()).as("committed after a later transaction, still reported").contains(1L);
                assertThat(concat(whileFirstOpen.changed(), afterFirst.changed())).containsExactlyInAnyOrder(1L, 2L);
                assertThat(profiles.changes(afterFirst.next()).changed()).as("nothing changed since").isEmpty();
            }
        }
    }

    @Test
    void unifyReportsWhatItChangedAndTheProfilesMergedAway() throws Exception {
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create()) {
            ClusterDatabase database = postgres.open(4);
            ClusterProfiles profiles = profiles(database);
            long cursor = profiles.changeCursor();
            process(profiles, database, event(EventType.PAGE, null, "anon-1"), event(EventType.TRACK, "user-1", null));
            long anonymous = profiles.profileOf("anonymous_id", "anon-1").orElseThrow();
            long user = profiles.profileOf("user_id", "user-1").orElseThrow();
            ClusterProfiles.Changes created = profiles.changes(cursor);
            assertThat(created.changed()).containsExactlyInAnyOrder(anonymous, user);
            assertThat(created.gone()).isEmpty();
            assertThat(profiles.eventIds(new long[] {anonymous, user})).hasEntrySatisfying(anonymous,
                    ids -> assertThat(ids).containsExactly(null, "anon-1")).hasEntrySatisfying(user, ids -> assertThat(ids).containsExactly("user-1", null));

            process(profiles, database, event(EventType.IDENTIFY, "user-1", "anon-1"));
            long survivor = profiles.profileOf("anonymous_id", "anon-1").orElseThrow();
            long absorbed = survivor == user ? anonymous : user;
            ClusterProfiles.Changes merged = profiles.changes(created.next());
            assertThat(merged.changed()).containsExactly(survivor);
            assertThat(merged.gone()).containsExactly(absorbed);
            assertThat(profiles.eventIds(new long[] {survivor, absorbed, 999})).as("only the live profile has ids").containsOnlyKeys(survivor);
            assertThat(profiles.eventIds(new long[] {survivor}).get(survivor)).containsExactly("user-1", null);
            assertThat(profiles.count()).isEqualTo(1);
            assertThat(profiles.changes(merged.next()).gone()).as("reported once").isEmpty();
        }
    }

    private static ClusterProfiles profiles(ClusterDatabase database) {
        return new ClusterProfiles(database.dataSource(), new PostgresEventStore(database.dataSource()),
                new IdentifierExtractor(IdentitySettings.defaults()), ProfileSettings.defaults().rules(), Clock.fixed(T0, ZoneOffset.UTC),
                Duration.ofHours(24));
    }

    private void process(ClusterProfiles profiles, ClusterDatabase database, Event... events) throws Exception {
        List<LoggedEvent> batch = Arrays.stream(events).map(event -> new LoggedEvent(seqs.incrementAndGet() << 10, event)).toList();
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            profiles.processor().process(batch, connection);
            connection.commit();
        }
    }

    private Event event(EventType type, String userId, String anonymousId) {
        Event.Builder builder = Event.builder(type, new MessageId("m-" + seqs.get() + "-" + type + "-" + userId + "-" + anonymousId),
                new SourceName("shop"), Channel.WEB).userId(userId).anonymousId(anonymousId).timestamp(T0).receivedAt(T0);
        return (type == EventType.TRACK || type == EventType.PAGE ? builder.name("Viewed") : builder).build();
    }

    private static Long[] concat(long[] a, long[] b) {
        return java.util.stream.LongStream.concat(Arrays.stream(a), Arrays.stream(b)).boxed().toArray(Long[]::new);
    }
}
