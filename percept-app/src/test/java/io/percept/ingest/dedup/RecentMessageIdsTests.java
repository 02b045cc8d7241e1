package io.percept.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentMessageIdsTests {

    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    private static long[] id(String messageId) {
        return RecentMessageIds.fingerprint("shop", messageId);
    }

    @Test
    void remembersIdsPerSourceForTheWindow() {
        RecentMessageIds ids = new RecentMessageIds(Duration.ofHours(24), 1_000_000);

        assertThat(ids.firstSeen(id("m1"), T0)).isTrue();
        assertThat(ids.firstSeen(id("m1"), T0.plus(Duration.ofHours(23)))).isFalse();
        assertThat(ids.firstSeen(RecentMessageIds.fingerprint("app", "m1"), T0)).as("another source").isTrue();
        assertThat(ids.firstSeen(id("m1"), T0.plus(Duration.ofHours(26)))).as("after the window and its last slice").isTrue();
    }

    @Test
    void aRepeatWithinOneCallCountsAsSeen() {
        RecentMessageIds ids = new RecentMessageIds(Duration.ofHours(1), 1_000);

        boolean[] fresh = ids.firstSeen(List.of(id("a"), id("b"), id("a")), T0);

        assertThat(fresh).containsExactly(true, true, false);
    }

    @Test
    void forgetsIdsWhoseMessagesCouldNotBeStored() {
        RecentMessageIds ids = new RecentMessageIds(Duration.ofHours(1), 1_000);
        ids.firstSeen(id("retry-me"), T0);

        ids.forget(id("retry-me"));

        assertThat(ids.firstSeen(id("retry-me"), T0.plusSeconds(1))).isTrue();
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void dropsTheOldestSliceEarlyWhenFull() {
        RecentMessageIds ids = new RecentMessageIds(Duration.ofHours(24), 1_000);
        for (int i = 0; i < 800; i++) {
            ids.firstSeen(id("old-" + i), T0);
        }
        for (int i = 0; i < 800; i++) {
            ids.firstSeen(id("new-" + i), T0.plus(Duration.ofHours(2)));
        }

        assertThat(ids.size()).isEqualTo(800);
        assertThat(ids.evictedEarly()).isEqualTo(800);
        assertThat(ids.firstSeen(id("new-5"), T0.plus(Duration.ofHours(3)))).isFalse();
        assertThat(ids.firstSeen(id("old-5"), T0.plus(Duration.ofHours(3)))).isTrue();
    }

    @Test
    void rebuildsFromTheLogInAnyOrderAndSkipsWhatIsOutsideTheWindow() {
        RecentMessageIds ids = new RecentMessageIds(Duration.ofHours(24), 1_000_000);
        Instant now = T0.plus(Duration.ofHours(30));

        ids.remember(id("late"), T0.plus(Duration.ofHours(29)), now);
        ids.remember(id("early"), T0.plus(Duration.ofHours(10)), now);
        ids.remember(id("expired"), T0.plus(Duration.ofHours(1)), now);

        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.firstSeen(id("early"), now)).isFalse();
        assertThat(ids.firstSeen(id("late"), now)).isFalse();
        assertThat(ids.firstSeen(id("expired"), now)).isTrue();
    }

    @Test
    void aZeroWindowDisablesDeduplication() {
        RecentMessageIds ids = new RecentMessageIds(Duration.ZERO, 1_000);

        assertThat(ids.firstSeen(id("m"), T0)).isTrue();
        assertThat(ids.firstSeen(id("m"), T0)).isTrue();
        assertThat(ids.size()).isZero();
    }
}
