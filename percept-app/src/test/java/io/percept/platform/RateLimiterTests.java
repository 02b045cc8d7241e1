package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTests {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void aBurstPassesThenRequestsWaitForTheRefillRoundedUpToWholeSeconds() {
        RateLimiter limiter = new RateLimiter(0.5, 3, now::get);
        assertThat(limiter.acquire("web")).isZero();
        assertThat(limiter.acquire("web")).isZero();
        assertThat(limiter.acquire("web")).isZero();
        assertThat(limiter.acquire("web")).as("one token every 2 s").isEqualTo(2);
        now.addAndGet(SECOND + SECOND / 2);
        assertThat(limiter.acquire("web")).as("0.75 of a token: 0.5 s to wait, rounded up").isEqualTo(1);
        now.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("web")).isZero();
        assertThat(limiter.acquire("web")).isEqualTo(2);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isEqualTo(1);
        assertThat(limiter.acquire("bob")).isZero();
        assertThat(limiter.acquire("admin-token")).isZero();
    }

    @Test
    void aPauseRefillsNoMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(100, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("web")).isZero();
        }
        now.addAndGet(3600 * SECOND);
        int passed = 0;
        while (limiter.acquire("web") == 0) {
            passed++;
        }
        assertThat(passed).isEqualTo(5);
    }

    @Test
    void idleBucketsAreDroppedSoMemoryStaysBounded() {
        RateLimiter limiter = new RateLimiter(10, 2, now::get);
        for (int i = 0; i <= RateLimiter.EVICT_ABOVE; i++) {
            limiter.acquire("user-" + i);
        }
        assertThat(limiter.keys()).isEqualTo(RateLimiter.EVICT_ABOVE + 1);
        now.addAndGet(SECOND);
        limiter.acquire("active");
        assertThat(limiter.keys()).as("every refilled bucket dropped, the new one kept").isEqualTo(1);
        for (int i = 0; i < 3 * RateLimiter.EVICT_ABOVE; i++) {
            limiter.acquire("flood-" + i);
            now.addAndGet(SECOND / 100);
        }
        assertThat(limiter.keys()).isLessThanOrEqualTo(RateLimiter.EVICT_ABOVE + 1);
    }

    @Test
    void zeroIsOffAndNonsenseIsRefused() {
        RateLimiter off = new RateLimiter(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(off.acquire("web")).isZero();
        }
        assertThat(off.enabled()).isFalse();
        assertThat(off.keys()).isZero();
        assertThatThrownBy(() -> new RateLimiter(-1, 5, now::get)).hasMessageContaining("requests-per-second >= 0");
        assertThatThrownBy(() -> new RateLimiter(5, 0, now::get)).hasMessageContaining("burst >= 1");
        assertThat(new RateLimiter(1000, 2000, now::get).describe()).isEqualTo("1000 requests/s (burst 2000)");
    }
}
