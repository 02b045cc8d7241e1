package io.percept.analytics.recommend;

/**
 * The k best (id, score) pairs seen, in a bounded binary min-heap over primitive arrays: higher score
 * first, and on equal scores the lower id, so the result is deterministic. Reusable after
 * {@link #clear()}; not thread-safe.
 */
final class TopK {

    private final int capacity;
    private final int[] ids;
    private final float[] scores;
    private int size;

    TopK(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.ids = new int[capacity];
        this.scores = new float[capacity];
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    /** Whether (a, sa) ranks before (b, sb). */
    static boolean better(int a, float sa, int b, float sb) {
        return sa > sb || (sa == sb && a < b);
    }

    void offer(int id, float score) {
        if (size < capacity) {
            int k = size++;
            while (k > 0) {
                int parent = (k - 1) >>> 1;
                if (!better(ids[parent], scores[parent], id, score)) {
                    break;
                }
                ids[k] = ids[parent];
                scores[k] = scores[parent];
                k = parent;
            }
            ids[k] = id;
            scores[k] = score;
        } else if (better(id, score, ids[0], scores[0])) {
            siftDown(id, score, size);
        }
    }

    /** Replaces the root (the worst kept) with (id, score) and restores the heap over the first {@code n}. */
    private void siftDown(int id, float score, int n) {
        int k = 0;
        while (true) {
            int child = 2 * k + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && better(ids[child], scores[child], ids[child + 1], scores[child + 1])) {
                child++;
            }
            if (!better(id, score, ids[child], scores[child])) {
                break;
            }
            ids[k] = ids[child];
            scores[k] = scores[child];
            k = child;
        }
        ids[k] = id;
        scores[k] = score;
    }

    /**
     * Writes the kept pairs best first into {@code outIds[offset..]} and {@code outScores[offset..]}
     * (either may be null) and empties the heap; returns how many.
     */
    int drain(int[] outIds, float[] outScores, int offset) {
        int n = size;
        for (int last = n - 1; last >= 0; last--) {
            int id = ids[0];
            float score = scores[0];
            if (outIds != null) {
                outIds[offset + last] = id;
            }
            if (outScores != null) {
                outScores[offset + last] = score;
            }
            if (last > 0) {
                siftDown(ids[last], scores[last], last);
            }
        }
        size = 0;
        return n;
    }
}
