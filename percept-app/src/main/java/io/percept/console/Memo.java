package io.percept.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers slowly changing figures for a while (a page's filter choices, the week's emerging
 * themes), so a dashboard request does not recompute them every time: each key's value is computed
 * once per {@code ttl}; at most {@code capacity} keys, the least recently used forgotten first.
 * Two requests missing at once both compute (no lock held while computing); the last one is kept.
 */
final class Memo<K, V> {

    private record Entry<V>(V value, Instant until) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<K, Entry<V>> entries;

    Memo(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The log's size as a key part, coarsely: every event while there are fewer than 10,000 (a small
     * store, tests), then in steps of 10,000, so remembered figures are recomputed when data arrives,
     * and at most every {@code ttl} under steady traffic.
     */
    static long version(long head) {
        return head < 10_000 ? head : 10_000 + head / 10_000;
    }

    V get(K key, Supplier<V> compute) {
        Instant now = clock.instant();
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (entry != null && entry.until().isAfter(now)) {
                return entry.value();
            }
        }
        V value = compute.get();
        if (!ttl.isZero()) {
            synchronized (entries) {
                entries.put(key, new Entry<>(value, now.plus(ttl)));
            }
        }
        return value;
    }
}
