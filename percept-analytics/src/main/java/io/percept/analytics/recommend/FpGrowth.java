package io.percept.analytics.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frequent itemsets by FP-growth (Han, Pei and Yin, "Mining frequent patterns without candidate
 * generation", SIGMOD 2000): the baskets are compressed into a prefix tree of their frequent items
 * (most frequent first), and each item's conditional pattern base (the prefixes above its nodes) is
 * mined recursively, never generating candidates.
 *
 * <p>A basket is a set: an item repeated within one counts once. The support count of an itemset is
 * the number of baskets containing all its items; those with at least the minimum (the larger of
 * {@link Options#minCount} and ⌈{@link Options#minFraction} · baskets⌉) and at most
 * {@link Options#maxSize} items are returned, most frequent first (then shorter, then by items).
 * Every subset of a returned itemset is returned too, which {@link AssociationRules} relies on.
 *
 * <p>Items are dense non-negative ints. Pure and deterministic.
 */
public final class FpGrowth {

    private FpGrowth() {
    }

    /**
     * @param minCount    the least support count (at least 1)
     * @param minFraction the least support as a share of the baskets, in [0, 1]
     * @param maxSize     the most items in an itemset (1 to 64)
     */
    public record Options(int minCount, double minFraction, int maxSize) {

        public Options {
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
            }
            if (!(minFraction >= 0 && minFraction <= 1)) {
                throw new IllegalArgumentException("minFraction must be in [0, 1], was " + minFraction);
            }
            if (maxSize < 1 || maxSize > 64) {
                throw new IllegalArgumentException("maxSize must be between 1 and 64, was " + maxSize);
            }
        }

        /** At least {@code count} baskets. */
        public static Options ofCount(int count, int maxSize) {
            return new Options(count, 0, maxSize);
        }

        /** At least this share of the baskets (and at least one basket). */
        public static Options ofFraction(double fraction, int maxSize) {
            return new Options(1, fraction, maxSize);
        }
    }

    /**
     * A frequent itemset.
     *
     * @param items its items, ascending
     * @param count the number of baskets containing all of them
     */
    public record Itemset(int[] items, int count) {

        public int size() {
            return items.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Itemset that && count == that.count && Arrays.equals(items, that.items);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(items) + count;
        }

        @Override
        public String toString() {
            return Arrays.toString(items) + "×" + count;
        }
    }

    /**
     * Where a result came from.
     *
     * @param algorithm   always {@code fp-growth}
     * @param options     the options
     * @param baskets     the number of baskets
     * @param fingerprint a hash of the baskets
     */
    public record Provenance(String algorithm, Options options, int baskets, long fingerprint) {
    }

    /** The frequent itemsets of some baskets, with a lookup of any itemset's support count. */
    public static final class Result {

        private final List<Itemset> itemsets;
        private final int baskets;
        private final int minCount;
        private final Provenance provenance;
        private final Map<Key, Integer> counts;

        Result(List<Itemset> itemsets, int baskets, int minCount, Provenance provenance) {
            this.itemsets = List.copyOf(itemsets);
            this.baskets = baskets;
            this.minCount = minCount;
            this.provenance = provenance;
            this.counts = new HashMap<>(itemsets.size() * 2);
            for (Itemset s : itemsets) {
                counts.put(new Key(s.items()), s.count());
            }
        }

        /** The frequent itemsets, most frequent first, then shorter, then by items. */
        public List<Itemset> itemsets() {
            return itemsets;
        }

        /** The number of baskets mined. */
        public int baskets() {
            return baskets;
        }

        /** The support count an itemset needed. */
        public int minCount() {
            return minCount;
        }

        public Provenance provenance() {
            return provenance;
        }

        /** The support count of the itemset with these items (any order), or 0 when it is not frequent (or empty: the basket count). */
        public int count(int... items) {
            if (items.length == 0) {
                return baskets;
            }
            int[] sorted = items.clone();
            Arrays.sort(sorted);
            Integer count = counts.get(new Key(sorted));
            return count == null ? 0 : count;
        }

        /** The support of an itemset: its count over the number of baskets. */
        public double support(int... items) {
            return baskets == 0 ? 0 : (double) count(items) / baskets;
        }
    }

    private record Key(int[] items) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Arrays.equals(items, that.items);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(items);
        }
    }

    /** The frequent itemsets of {@code baskets} (each an array of item ids; repeats within one count once). */
    public static Result mine(int[][] baskets, Options options) {
        int n = baskets.length;
        int minCount = (int) Math.max(options.minCount(), Math.ceil(options.minFraction() * n - 1e-9));
        int maxId = -1;
        for (int[] basket : baskets) {
            for (int item : basket) {
                if (item < 0) {
                    throw new IllegalArgumentException("item ids must be 0 or more, was " + item);
                }
                maxId = Math.max(maxId, item);
            }
        }
        int[] frequency = new int[maxId + 1];
        int[] seen = new int[maxId + 1];
        Arrays.fill(seen, -1);
        for (int b = 0; b < n; b++) {
            for (int item : baskets[b]) {
                if (seen[item] != b) {
                    seen[item] = b;
                    frequency[item]++;
                }
            }
        }
        // ranks: frequent items by descending frequency, then id
        long[] keyed = new long[maxId + 1];
        int f = 0;
        for (int item = 0; item <= maxId; item++) {
            if (frequency[item] >= minCount) {
                keyed[f++] = ((long) (Integer.MAX_VALUE - frequency[item]) << 32) | item;
            }
        }
        Arrays.sort(keyed, 0, f);
        int[] rankToItem = new int[f];
        int[] itemToRank = new int[maxId + 1];
        Arrays.fill(itemToRank, -1);
        for (int r = 0; r < f; r++) {
            rankToItem[r] = (int) keyed[r];
            itemToRank[rankToItem[r]] = r;
        }
        Tree tree = new Tree(f, 1024);
        int[] path = new int[f];
        Arrays.fill(seen, -1);
        for (int b = 0; b < n; b++) {
            int length = 0;
            for (int item : baskets[b]) {
                int r = itemToRank[item];
                if (r >= 0 && seen[item] != b) {
                    seen[item] = b;
                    path[length++] = r;
                }
            }
            Arrays.sort(path, 0, length);
            tree.insert(path, length, 1);
        }
        List<Itemset> out = new ArrayList<>();
        grow(tree, new int[options.maxSize()], 0, minCount, options.maxSize(), rankToItem, out);
        out.sort(Comparator.comparingInt(Itemset::count).reversed().thenComparingInt(Itemset::size)
                .thenComparing(Itemset::items, Arrays::compare));
        return new Result(out, n, minCount, new Provenance("fp-growth", options, n, fingerprint(baskets)));
    }

    /** Emits every frequent extension of {@code suffix} (ranks) found in {@code tree}, recursing on conditional trees. */
    private static void grow(Tree tree, int[] suffix, int suffixLength, int minCount, int maxSize, int[] rankToItem, List<Itemset> out) {
        for (int r = tree.ranks - 1; r >= 0; r--) {
            int support = tree.rankCount[r];
            if (support < minCount) {
                continue;
            }
            suffix[suffixLength] = r;
            int[] items = new int[suffixLength + 1];
            for (int k = 0; k <= suffixLength; k++) {
                items[k] = rankToItem[suffix[k]];
            }
            Arrays.sort(items);
            out.add(new Itemset(items, support));
            if (suffixLength + 1 >= maxSize || r == 0) {
                continue;
            }
            // the conditional pattern base: the prefix paths above r's nodes, each with that node's count
            int[] counts = new int[r];
            int nodes = 0;
            for (int node = tree.head[r]; node != -1; node = tree.next[node]) {
                int c = tree.count[node];
                nodes++;
                for (int p = tree.parent[node]; p != 0; p = tree.parent[p]) {
                    counts[tree.item[p]] += c;
                }
            }
            boolean any = false;
            for (int c : counts) {
                if (c >= minCount) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                continue;
            }
            Tree conditional = new Tree(r, nodes * 4);
            int[] path = new int[r];
            for (int node = tree.head[r]; node != -1; node = tree.next[node]) {
                int length = 0;
                for (int p = tree.parent[node]; p != 0; p = tree.parent[p]) {
                    if (counts[tree.item[p]] >= minCount) {
                        path[length++] = tree.item[p];
                    }
                }
                // collected bottom-up: reverse to root-first (ascending rank)
                for (int a = 0, b = length - 1; a < b; a++, b--) {
                    int t = path[a];
                    path[a] = path[b];
                    path[b] = t;
                }
                if (length > 0) {
                    conditional.insert(path, length, tree.count[node]);
                }
            }
            grow(conditional, suffix, suffixLength + 1, minCount, maxSize, rankToItem, out);
        }
    }

    /** An FP-tree over ranks {@code [0, ranks)} in growable primitive arrays; node 0 is the root. */
    private static final class Tree {

        final int ranks;
        final int[] head;
        final int[] rankCount;
        int[] item;
        int[] count;
        int[] parent;
        int[] next;
        int size = 1;
        private long[] keys;
        private int[] values;
        private int used;

        Tree(int ranks, int expectedNodes) {
            this.ranks = ranks;
            this.head = new int[ranks];
            Arrays.fill(head, -1);
            this.rankCount = new int[ranks];
            int capacity = Math.max(16, expectedNodes);
            item = new int[capacity];
            count = new int[capacity];
            parent = new int[capacity];
            next = new int[capacity];
            int slots = Integer.highestOneBit(Math.max(16, capacity) * 2);
            keys = new long[slots];
            values = new int[slots];
            Arrays.fill(keys, -1L);
        }

        void insert(int[] path, int length, int c) {
            int node = 0;
            for (int k = 0; k < length; k++) {
                int r = path[k];
                int child = child(node, r);
                count[child] += c;
                rankCount[r] += c;
                node = child;
            }
        }

        /** The child of {@code node} for rank {@code r}, created if absent. */
        private int child(int node, int r) {
            long key = ((long) node << 32) | r;
            int mask = keys.length - 1;
            int slot = (int) (mix(key) & mask);
            while (keys[slot] != -1L) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            if (size == item.length) {
                int grown = size + (size >> 1);
                item = Arrays.copyOf(item, grown);
                count = Arrays.copyOf(count, grown);
                parent = Arrays.copyOf(parent, grown);
                next = Arrays.copyOf(next, grown);
            }
            int created = size++;
            item[created] = r;
            count[created] = 0;
            parent[created] = node;
            next[created] = head[r];
            head[r] = created;
            keys[slot] = key;
            values[slot] = created;
            if (++used * 2 > keys.length) {
                rehash();
            }
            return created;
        }

        private void rehash() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            Arrays.fill(keys, -1L);
            int mask = keys.length - 1;
            for (int s = 0; s < oldKeys.length; s++) {
                if (oldKeys[s] != -1L) {
                    int slot = (int) (mix(oldKeys[s]) & mask);
                    while (keys[slot] != -1L) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[s];
                    values[slot] = oldValues[s];
                }
            }
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }
    }

    private static long fingerprint(int[][] baskets) {
        long h = 0xcbf29ce484222325L;
        for (int[] basket : baskets) {
            h = (h ^ basket.length) * 0x100000001b3L;
            for (int item : basket) {
                h = (h ^ item) * 0x100000001b3L;
            }
        }
        return h;
    }
}
