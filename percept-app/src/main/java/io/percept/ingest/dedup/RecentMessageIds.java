package io.percept.ingest.dedup;

import io.percept.analytics.hash.FingerprintSet;
import io.percept.analytics.hash.Murmur3;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The message ids accepted per source within a time window, as 128-bit fingerprints of
 * {@code source + NUL + messageId} (MurmurHash3; two distinct ids share a fingerprint with
 * probability about n²/2¹²⁹, negligible). Fingerprints are kept in {@value #BUCKETS} buckets
 * that each span a slice of the window; whole buckets expire, so the window is exact to one
 * slice. When more than {@code maxEntries} are held, the oldest bucket is dropped early and the
 * effective window shrinks. Thread-safe.
 */
public final class RecentMessageIds {

    static final int BUCKETS = 24;

    private final long windowMillis;
    private final long spanMillis;
    private final int maxEntries;
    private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();
    private long size;
    private long evictedEarly;

    private static final class Bucket {
        final long start;
        final FingerprintSet fingerprints = new FingerprintSet(1024);

        Bucket(long start) {
            this.start = start;
        }
    }

    /**
     * @param window     how long an id is remembered; zero disables deduplication
     * @param maxEntries most ids remembered
     */
    public RecentMessageIds(Duration window, int maxEntries) {
        this.windowMillis = window.toMillis();
        this.spanMillis = Math.max(1, windowMillis / BUCKETS);
        this.maxEntries = maxEntries;
    }

    /** The fingerprint of a source's message id. */
    public static long[] fingerprint(String source, String messageId) {
        byte[] key = (source + '\u0000' + messageId).getBytes(StandardCharsets.UTF_8);
        return Murmur3.hash128(key);
    }

    public boolean enabled() {
        return windowMillis > 0;
    }

    /**
     * Records the id as seen at {@code now} unless it was already seen within the window.
     *
     * @return whether it is new (so the message should be stored)
     */
    public synchronized boolean firstSeen(long[] fingerprint, Instant now) {
        if (!enabled()) {
            return true;
        }
        long millis = now.toEpochMilli();
        expire(millis);
        for (Bucket bucket : buckets) {
            if (bucket.fingerprints.contains(fingerprint[0], fingerprint[1])) {
                return false;
            }
        }
        add(fingerprint, millis);
        return true;
    }

    /**
     * {@link #firstSeen} for several ids under one lock; a repeat within the list counts as seen.
     *
     * @return for each fingerprint whether it is new
     */
    public synchronized boolean[] firstSeen(java.util.List<long[]> fingerprints, Instant now) {
        boolean[] fresh = new boolean[fingerprints.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = firstSeen(fingerprints.get(i), now);
        }
        return fresh;
    }

    /** Forgets an id recorded by {@link #firstSeen} whose message could not be stored after all. */
    public synchronized void forget(long[] fingerprint) {
        for (Bucket bucket : buckets) {
            if (bucket.fingerprints.remove(fingerprint[0], fingerprint[1])) {
                size--;
                return;
            }
        }
    }

    /** Records an id seen at {@code seenAt} (used to rebuild the index from the log at start). */
    public synchronized void remember(long[] fingerprint, Instant seenAt, Instant now) {
        if (!enabled() || seenAt.toEpochMilli() <= now.toEpochMilli() - windowMillis) {
            return;
        }
        for (Bucket bucket : buckets) {
            if (bucket.fingerprints.contains(fingerprint[0], fingerprint[1])) {
                return;
            }
        }
        add(fingerprint, seenAt.toEpochMilli());
    }

    /** Ids currently remembered. */
    public synchronized long size() {
        return size;
    }

    /** Ids forgotten before their window ended because {@code maxEntries} was reached. */
    public synchronized long evictedEarly() {
        return evictedEarly;
    }

    private void add(long[] fingerprint, long millis) {
        long start = millis - Math.floorMod(millis, spanMillis);
        Bucket target = null;
        Iterator<Bucket> newestFirst = buckets.descendingIterator();
        while (newestFirst.hasNext()) {
            Bucket bucket = newestFirst.next();
            if (bucket.start <= start) {
                target = bucket.start == start ? bucket : null;
                break;
            }
        }
        if (target == null) {
            target = insertBucket(start);
        }
        target.fingerprints.add(fingerprint[0], fingerprint[1]);
        size++;
        while (size > maxEntries && buckets.size() > 1) {
            Bucket oldest = buckets.pollFirst();
            size -= oldest.fingerprints.size();
            evictedEarly += oldest.fingerprints.size();
        }
    }

    /** A new bucket at its place in start order (usually the newest end). */
    private Bucket insertBucket(long start) {
        Bucket bucket = new Bucket(start);
        if (buckets.isEmpty() || buckets.peekLast().start < start) {
            buckets.addLast(bucket);
            return bucket;
        }
        ArrayDeque<Bucket> reordered = new ArrayDeque<>(buckets.size() + 1);
        boolean placed = false;
        for (Bucket existing : buckets) {
            if (!placed && existing.start > start) {
                reordered.addLast(bucket);
                placed = true;
            }
            reordered.addLast(existing);
        }
        buckets.clear();
        buckets.addAll(reordered);
        return bucket;
    }

    private void expire(long nowMillis) {
        while (!buckets.isEmpty() && buckets.peekFirst().start + spanMillis <= nowMillis - windowMillis) {
            size -= buckets.pollFirst().fingerprints.size();
        }
    }
}
