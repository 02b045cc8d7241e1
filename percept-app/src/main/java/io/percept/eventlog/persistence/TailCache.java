package io.percept.eventlog.persistence;

import io.percept.eventlog.LoggedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The newest committed events in a ring indexed by sequence number, so consumers that keep up with
 * the log read them from memory instead of decoding them from the store. One writer (the commit
 * thread), any number of readers.
 *
 * <p>The writer stores a batch's entries, then publishes the new head through a volatile write;
 * a reader sees every entry at or below the head it read. An entry may meanwhile have been
 * overwritten by a newer lap of the ring, which the reader detects by its sequence number and
 * then falls back to the store.
 */
final class TailCache {

    private final AtomicReferenceArray<LoggedEvent> ring;
    private final int mask;
    private volatile long head;

    /** A cache of at least {@code capacity} events (rounded up to a power of two); 0 disables it. */
    TailCache(int capacity, long head) {
        int size = capacity <= 0 ? 0 : Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.ring = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.head = head;
    }

    /** Adds committed events (in sequence order, continuing the head) and then publishes them. */
    void publish(List<LoggedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (ring.length() > 0) {
            for (LoggedEvent event : events) {
                ring.lazySet((int) (event.seq() & mask), event);
            }
        }
        head = events.get(events.size() - 1).seq();
    }

    /** Moves the head without caching events (after a reload of the head from the store). */
    void resetHead(long newHead) {
        head = newHead;
    }

    /**
     * Caches events a reader decoded from the store (committed, so at or below the head), when
     * their slots are not taken by newer events: the next processor reading the same range then
     * skips decoding them again.
     */
    void fill(List<LoggedEvent> events) {
        if (ring.length() == 0) {
            return;
        }
        long oldest = head - ring.length();
        for (LoggedEvent event : events) {
            if (event.seq() <= oldest || event.seq() > head) {
                continue;
            }
            int slot = (int) (event.seq() & mask);
            LoggedEvent cached = ring.get(slot);
            if (cached == null || cached.seq() < event.seq()) {
                ring.compareAndSet(slot, cached, event);
            }
        }
    }

    /** Drops a cached event (erased from the store), so readers fall back to the store for it. */
    void forget(long seq) {
        if (ring.length() > 0) {
            int slot = (int) (seq & mask);
            LoggedEvent cached = ring.get(slot);
            if (cached != null && cached.seq() == seq) {
                ring.compareAndSet(slot, cached, null);
            }
        }
    }

    long head() {
        return head;
    }

    /**
     * Events after {@code afterSeq}, at most {@code maxEvents}, if all of them are still cached;
     * {@code null} if some are not (the caller reads the store); empty if there are none.
     */
    List<LoggedEvent> read(long afterSeq, int maxEvents) {
        long upTo = Math.min(head, afterSeq + maxEvents);
        if (upTo <= afterSeq) {
            return List.of();
        }
        if (ring.length() == 0 || upTo - afterSeq > ring.length()) {
            return null;
        }
        List<LoggedEvent> events = new ArrayList<>((int) (upTo - afterSeq));
        for (long seq = afterSeq + 1; seq <= upTo; seq++) {
            LoggedEvent event = ring.get((int) (seq & mask));
            if (event == null || event.seq() != seq) {
                return null;
            }
            events.add(event);
        }
        return events;
    }
}
