package io.percept.platform;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key (a source, a user): each holds up to {@code burst} tokens, refilled at
 * {@code perSecond}; a request takes one or is refused with how long until one is there. A bucket
 * that has refilled completely is the same as a new one, so such idle buckets are dropped once more
 * than {@value #EVICT_ABOVE} keys are held or every {@value #EVICT_EVERY} requests: memory stays
 * bounded by the keys active within about {@code burst / perSecond} seconds. Thread-safe.
 */
public final class RateLimiter {

    static final int EVICT_ABOVE = 10_000;
    static final int EVICT_EVERY = 100_000;
    private static final long NANOS = 1_000_000_000L;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /**
     * @param perSecond tokens added per second; 0 turns the limiter off (every request passes)
     * @param burst     most tokens a bucket holds (requests at once after a pause); at least 1 when on
     * @param nanoTime  the clock, {@link System#nanoTime()} outside tests
     */
    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond) || perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("a rate limit needs requests-per-second >= 0 (0 = off) and burst >= 1, was " + perSecond + " and "
                    + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    public RateLimiter(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /**
     * Takes a token of {@code key}'s bucket: 0 when there was one, else the whole seconds (rounded
     * up, at least 1) until there will be one, for {@code Retry-After}.
     */
    public long acquire(String key) {
        if (!enabled()) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        if (calls.incrementAndGet() % EVICT_EVERY == 0 || buckets.size() > EVICT_ABOVE) {
            evictIdle(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double seconds = (1 - bucket.tokens) / perSecond;
            return Math.max(1, (long) Math.ceil(seconds));
        }
    }

    /** The limit in words, e.g. {@code 1000 requests/s (burst 2000)}. */
    public String describe() {
        return (perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond)) + " requests/s (burst " + burst
                + ")";
    }

    /** How many keys have a bucket now (for tests of the eviction). */
    public int keys() {
        return buckets.size();
    }

    private void refill(Bucket bucket, long now) {
        long elapsed = now - bucket.at;
        if (elapsed > 0) {
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond / NANOS);
            bucket.at = now;
        }
    }

    private void evictIdle(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
            Bucket bucket = it.next();
            synchronized (bucket) {
                refill(bucket, now);
                if (bucket.tokens >= burst) {
                    it.remove();
                }
            }
        }
    }
}
