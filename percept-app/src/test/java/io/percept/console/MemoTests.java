package io.percept.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTests {

    private static final class Hands extends Clock {

        private Instant now = Instant.parse("2026-11-27T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final AtomicInteger computed = new AtomicInteger();

    private String compute() {
        return "value " + computed.incrementAndGet();
    }

    @Test
    void aValueIsComputedOncePerKeyUntilItsTimeIsUp() {
        Memo<String, String> memo = new Memo<>(Duration.ofMinutes(5), 8, clock);
        assertThat(memo.get("a", this::compute)).isEqualTo("value 1");
        clock.now = clock.now.plusSeconds(299);
        assertThat(memo.get("a", this::compute)).isEqualTo("value 1");
        assertThat(memo.get("b", this::compute)).as("another key").isEqualTo("value 2");
        clock.now = clock.now.plusSeconds(1);
        assertThat(memo.get("a", this::compute)).as("five minutes later").isEqualTo("value 3");
    }

    @Test
    void theLeastRecentlyUsedKeyIsForgottenBeyondTheCapacity() {
        Memo<String, String> memo = new Memo<>(Duration.ofMinutes(5), 2, clock);
        memo.get("a", this::compute);
        memo.get("b", this::compute);
        memo.get("a", this::compute);
        memo.get("c", this::compute);
        assertThat(memo.get("a", this::compute)).isEqualTo("value 1");
        assertThat(memo.get("b", this::compute)).as("forgotten").isEqualTo("value 4");
    }

    @Test
    void aZeroTimeRemembersNothing() {
        Memo<String, String> memo = new Memo<>(Duration.ZERO, 2, clock);
        memo.get("a", this::compute);
        assertThat(memo.get("a", this::compute)).isEqualTo("value 2");
    }
}
