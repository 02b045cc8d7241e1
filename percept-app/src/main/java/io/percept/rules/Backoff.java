package io.percept.rules;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential backoff with full jitter (uniform in 0 to min(max, base * 2^(n-1))
 * after the n-th failure), or the receiver's {@code Retry-After} capped at the maximum.
 */
record Backoff(Duration base, Duration max) {

    Duration delay(int failures, Duration retryAfter, RandomGenerator random) {
        long maxNanos = max.toNanos();
        if (retryAfter != null) {
            return Duration.ofNanos(Math.min(Math.max(0, retryAfter.toNanos()), maxNanos));
        }
        int doublings = Math.min(Math.max(failures - 1, 0), 62);
        long ceiling = base.toNanos() > maxNanos >> doublings ? maxNanos : base.toNanos() << doublings;
        return Duration.ofNanos(random.nextLong(ceiling + 1));
    }
}
