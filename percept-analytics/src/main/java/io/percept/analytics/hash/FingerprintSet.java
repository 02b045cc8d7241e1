package io.percept.analytics.hash;

/**
 * A set of 128-bit fingerprints in two primitive arrays: open addressing with linear probing and
 * backward-shift deletion (no tombstones), grown at half load. About 32-64 bytes per entry, no
 * boxing. Not thread-safe.
 */
public final class FingerprintSet {

    private long[] his;
    private long[] los;
    private int mask;
    private int size;
    private boolean containsZero;

    /** An empty set sized for about {@code expected} entries before it grows. */
    public FingerprintSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        his = new long[capacity];
        los = new long[capacity];
        mask = capacity - 1;
    }

    /** Adds the fingerprint; returns whether it was absent. */
    public boolean add(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            boolean added = !containsZero;
            containsZero = true;
            size += added ? 1 : 0;
            return added;
        }
        int slot = find(hi, lo);
        if (his[slot] != 0 || los[slot] != 0) {
            return false;
        }
        his[slot] = hi;
        los[slot] = lo;
        if (++size * 2 > his.length) {
            grow();
        }
        return true;
    }

    public boolean contains(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            return containsZero;
        }
        int slot = find(hi, lo);
        return his[slot] != 0 || los[slot] != 0;
    }

    /** Removes the fingerprint; returns whether it was present. */
    public boolean remove(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            boolean removed = containsZero;
            containsZero = false;
            size -= removed ? 1 : 0;
            return removed;
        }
        int slot = find(hi, lo);
        if (his[slot] == 0 && los[slot] == 0) {
            return false;
        }
        // shift following entries of the probe run back so that lookups never cross a gap
        int gap = slot;
        int next = (gap + 1) & mask;
        while (his[next] != 0 || los[next] != 0) {
            int home = home(his[next], los[next]);
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                his[gap] = his[next];
                los[gap] = los[next];
                gap = next;
            }
            next = (next + 1) & mask;
        }
        his[gap] = 0;
        los[gap] = 0;
        size--;
        return true;
    }

    public int size() {
        return size;
    }

    /** Bytes held by the arrays. */
    public long memoryBytes() {
        return 16L * his.length;
    }

    /** The slot holding the fingerprint, or the empty slot where it would go. */
    private int find(long hi, long lo) {
        int slot = home(hi, lo);
        while ((his[slot] != 0 || los[slot] != 0) && (his[slot] != hi || los[slot] != lo)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int home(long hi, long lo) {
        long mixed = hi ^ Long.rotateLeft(lo, 32);
        return (int) (mixed ^ (mixed >>> 29)) & mask;
    }

    private void grow() {
        long[] oldHis = his;
        long[] oldLos = los;
        his = new long[oldHis.length * 2];
        los = new long[oldLos.length * 2];
        mask = his.length - 1;
        for (int i = 0; i < oldHis.length; i++) {
            if (oldHis[i] != 0 || oldLos[i] != 0) {
                int slot = find(oldHis[i], oldLos[i]);
                his[slot] = oldHis[i];
                los[slot] = oldLos[i];
            }
        }
    }
}
