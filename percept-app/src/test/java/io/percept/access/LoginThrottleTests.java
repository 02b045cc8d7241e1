package io.percept.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    /** A clock the test moves. */
    private static final class Hands extends Clock {

        private Instant now = Instant.parse("2026-11-27T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

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
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void fiveFailuresForANameHoldItBackOneMinuteThenLongerWithEachFurtherFailure() {
        fail("Li.Na", "10.0.0.1", 4);
        assertThat(throttle.locked("li.na", "10.0.0.1")).isEmpty();
        fail("li.na", "10.0.0.2", 1);
        assertThat(throttle.locked("LI.NA ", "10.0.0.3")).as("the name is held back from any address, in any case").contains(Duration.ofMinutes(1));
        assertThat(throttle.locked("zhang.wei", "10.0.0.1")).as("other names are not").isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.locked("li.na", "10.0.0.1")).isEmpty();
        fail("li.na", "10.0.0.1", 1);
        assertThat(throttle.locked("li.na", "10.0.0.1")).contains(Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(3));
        fail("li.na", "10.0.0.1", 1);
        assertThat(throttle.locked("li.na", "10.0.0.1")).contains(Duration.ofMinutes(4));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(16));
            fail("li.na", "10.0.0.1", 1);
        }
        assertThat(throttle.locked("li.na", "10.0.0.1")).as("never longer than").contains(LoginThrottle.LONGEST);
    }

    @Test
    void aSuccessClearsTheNameAndTheAddress() {
        fail("li.na", "10.0.0.1", 4);
        throttle.succeeded("li.na", "10.0.0.1");
        fail("li.na", "10.0.0.1", 4);
        assertThat(throttle.locked("li.na", "10.0.0.1")).isEmpty();
    }

    @Test
    void twentyFailuresFromOneAddressHoldItBackWhateverTheNames() {
        for (int i = 0; i < LoginThrottle.ADDRESS_FAILURES; i++) {
            throttle.failed("guess" + i, "203.0.113.9");
        }
        assertThat(throttle.locked("somebody-else", "203.0.113.9")).contains(Duration.ofMinutes(1));
        assertThat(throttle.locked("somebody-else", "203.0.113.10")).isEmpty();
    }

    @Test
    void failuresAnHourOldAreForgotten() {
        fail("li.na", "10.0.0.1", 4);
        clock.advance(Duration.ofMinutes(61));
        fail("li.na", "10.0.0.1", 1);
        assertThat(throttle.locked("li.na", "10.0.0.1")).isEmpty();
    }
}
