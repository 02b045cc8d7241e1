package io.percept.analytics.recommend;

import java.util.Arrays;

/**
 * A sparse user × item matrix of implicit feedback in compressed rows: user {@code u}'s items are
 * {@code items[start[u] .. start[u + 1])}, ascending, each with its summed weight. Ids are dense ints
 * from 0 (the caller maps its own keys to them). Immutable by contract: the arrays are not copied on
 * the way out, so callers must not write to them.
 *
 * @param users   the number of users (rows)
 * @param itemCount the number of items (columns)
 * @param start   row offsets, {@code users + 1} of them
 * @param items   the item of each entry, ascending within a row
 * @param weights the weight of each entry (summed over repeats; positive)
 */
public record Interactions(int users, int itemCount, int[] start, int[] items, float[] weights) {

    public Interactions {
        if (users < 0 || itemCount < 0 || start.length != users + 1 || items.length != weights.length
                || start[0] != 0 || start[users] != items.length) {
            throw new IllegalArgumentException("rows do not fit " + users + " users and " + items.length + " entries");
        }
    }

    /** How many entries the user has. */
    public int size(int user) {
        return start[user + 1] - start[user];
    }

    /** The total number of (user, item) entries. */
    public int entries() {
        return items.length;
    }

    /**
     * Collects (user, item, weight) events in primitive arrays, e.g. a purchase with weight 1 and a
     * view with 0.2, then merges repeats of a pair into one summed entry. Not thread-safe.
     */
    public static final class Builder {

        private final int users;
        private final int itemCount;
        private int[] user = new int[1024];
        private int[] item = new int[1024];
        private float[] weight = new float[1024];
        private int size;

        /** A builder for ids in {@code [0, users)} and {@code [0, items)}. */
        public Builder(int users, int items) {
            if (users < 0 || items < 0) {
                throw new IllegalArgumentException("users and items must be 0 or more");
            }
            this.users = users;
            this.itemCount = items;
        }

        /** Adds one event; {@code weight} must be positive and finite. */
        public Builder add(int u, int i, float w) {
            if (u < 0 || u >= users || i < 0 || i >= itemCount) {
                throw new IllegalArgumentException("user " + u + " or item " + i + " out of range");
            }
            if (!(w > 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("weight must be positive and finite, was " + w);
            }
            if (size == user.length) {
                int grown = Math.max(1024, size + (size >> 1));
                user = Arrays.copyOf(user, grown);
                item = Arrays.copyOf(item, grown);
                weight = Arrays.copyOf(weight, grown);
            }
            user[size] = u;
            item[size] = i;
            weight[size] = w;
            size++;
            return this;
        }

        /** The matrix: events bucketed by user (counting sort), sorted by item within a row, repeats summed. */
        public Interactions build() {
            int[] start = new int[users + 1];
            for (int k = 0; k < size; k++) {
                start[user[k] + 1]++;
            }
            for (int u = 0; u < users; u++) {
                start[u + 1] += start[u];
            }
            int[] fill = Arrays.copyOf(start, users);
            long[] packed = new long[size];
            for (int k = 0; k < size; k++) {
                packed[fill[user[k]]++] = ((long) item[k] << 32) | k;
            }
            int[] outStart = new int[users + 1];
            int[] outItems = new int[size];
            float[] outWeights = new float[size];
            int n = 0;
            for (int u = 0; u < users; u++) {
                Arrays.sort(packed, start[u], start[u + 1]);
                int previous = -1;
                for (int p = start[u]; p < start[u + 1]; p++) {
                    int i = (int) (packed[p] >>> 32);
                    float w = weight[(int) packed[p]];
                    if (i == previous) {
                        outWeights[n - 1] += w;
                    } else {
                        outItems[n] = i;
                        outWeights[n] = w;
                        n++;
                        previous = i;
                    }
                }
                outStart[u + 1] = n;
            }
            return new Interactions(users, itemCount, outStart, Arrays.copyOf(outItems, n), Arrays.copyOf(outWeights, n));
        }
    }
}
