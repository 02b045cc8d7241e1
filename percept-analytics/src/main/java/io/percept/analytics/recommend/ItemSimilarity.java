package io.percept.analytics.recommend;

import java.util.Arrays;

/**
 * Item-to-item collaborative filtering (Linden, Smith and York, "Amazon.com recommendations:
 * item-to-item collaborative filtering", IEEE Internet Computing 7(1), 2003): each item's K most
 * similar items by the users who interacted with both, kept as a sparse neighbour list.
 *
 * <p>Each user row is first reweighted ({@link Weighting}) and, if longer than
 * {@link Options#maxUserItems}, cut to its heaviest entries (bounding the quadratic cost of very
 * long rows such as wholesalers'). With x<sub>ui</sub> the reweighted entry, the similarity of
 * candidate j to item i is the asymmetric cosine
 * <pre>
 *   sim(i → j) = (Σ_u x_ui x_uj) / (‖x_i‖^(2(1−α)) · ‖x_j‖^(2α)) · c_ij / (c_ij + λ)
 * </pre>
 * where α ({@link Options#popularityDamping}) is 0.5 for the plain cosine and larger to damp popular
 * candidates (Aiolli, RecSys Challenge 2013), and the last factor shrinks similarities resting on few
 * co-occurring users c<sub>ij</sub> (significance weighting, Koren 2008; λ = {@link Options#shrinkage},
 * 0 for none). Neighbours are ranked by similarity, then by the lower item id.
 *
 * <p>Cost: Σ<sub>u</sub> n<sub>u</sub>² accumulations with a dense accumulator over the items, one
 * item at a time; memory: the matrix, its transpose and K neighbours per item. Pure and deterministic.
 */
public final class ItemSimilarity {

    private ItemSimilarity() {
    }

    /** How an implicit count (summed weight) enters the vectors. */
    public enum Weighting {
        /** 1 for any interaction. */
        BINARY,
        /** log(1 + weight): repeats count, with diminishing returns. */
        LOG,
        /** The summed weight as it is. */
        RAW;

        float apply(float w) {
            return switch (this) {
                case BINARY -> 1f;
                case LOG -> (float) Math.log1p(w);
                case RAW -> w;
            };
        }
    }

    /**
     * @param neighbours        K, the most similar items kept per item (1 to 10,000)
     * @param weighting         how summed weights become vector entries
     * @param popularityDamping α in [0, 1]; 0.5 is the cosine, more damps popular candidates
     * @param shrinkage         λ ≥ 0, the co-occurrence count at which a similarity is halved (0: none)
     * @param maxUserItems      the most entries of one user that count (at least 2), heaviest first
     */
    public record Options(int neighbours, Weighting weighting, double popularityDamping, double shrinkage, int maxUserItems) {

        public Options {
            if (neighbours < 1 || neighbours > 10_000) {
                throw new IllegalArgumentException("neighbours must be between 1 and 10000, was " + neighbours);
            }
            if (weighting == null) {
                throw new IllegalArgumentException("weighting must be given");
            }
            if (!(popularityDamping >= 0 && popularityDamping <= 1)) {
                throw new IllegalArgumentException("popularityDamping must be in [0, 1], was " + popularityDamping);
            }
            if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
                throw new IllegalArgumentException("shrinkage must be finite and 0 or more, was " + shrinkage);
            }
            if (maxUserItems < 2) {
                throw new IllegalArgumentException("maxUserItems must be at least 2, was " + maxUserItems);
            }
        }

        /** 50 neighbours, log weights, cosine (α = 0.5), shrinkage 5, at most 500 items per user. */
        public static Options defaults() {
            return new Options(50, Weighting.LOG, 0.5, 5, 500);
        }
    }

    /**
     * Where a model came from.
     *
     * @param algorithm   always {@value #ALGORITHM}
     * @param options     the options
     * @param users       the users in the data
     * @param entries     the (user, item) entries in the data
     * @param fingerprint a hash of the interactions
     */
    public record Provenance(String algorithm, Options options, int users, int entries, long fingerprint) {
    }

    static final String ALGORITHM = "item-item-cosine-topk";
    private static final int MAGIC = 0x50524543; // "PREC"

    /**
     * The neighbour lists: item i's neighbours are {@code neighbours[start[i] .. start[i + 1])}, most
     * similar first, with {@code similarities} alongside; {@code popularity[i]} is the number of users
     * who interacted with i (before any {@link Options#maxUserItems} cut). Arrays are shared, not copied: do not write to them.
     */
    public record Model(int items, int[] start, int[] neighbours, float[] similarities, int[] popularity, Provenance provenance)
            implements ItemNeighbours {

        public Model {
            NeighbourLists.check(items, start, neighbours, similarities, popularity);
        }

        /** Item i's neighbours, most similar first (a copy). */
        public int[] neighboursOf(int item) {
            return Arrays.copyOfRange(neighbours, start[item], start[item + 1]);
        }

        /** sim(i → j), or 0 when j is not among i's kept neighbours. */
        public float similarity(int i, int j) {
            for (int p = start[i]; p < start[i + 1]; p++) {
                if (neighbours[p] == j) {
                    return similarities[p];
                }
            }
            return 0f;
        }

        /** The model as bytes, for a file or a table. */
        public byte[] toBytes() {
            Options o = provenance.options();
            String header = provenance.algorithm() + "," + o.neighbours() + "," + o.weighting() + "," + o.popularityDamping() + ","
                    + o.shrinkage() + "," + o.maxUserItems() + "," + provenance.users() + "," + provenance.entries() + ","
                    + provenance.fingerprint();
            return NeighbourLists.encode(MAGIC, header, items, start, popularity, neighbours, similarities);
        }

        /** Reads {@link #toBytes()}'s output. */
        public static Model fromBytes(byte[] bytes) {
            NeighbourLists.Decoded d = NeighbourLists.decode(MAGIC, "item-similarity", bytes);
            String[] f = d.header();
            Provenance provenance = new Provenance(f[0], new Options(Integer.parseInt(f[1]), Weighting.valueOf(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Integer.parseInt(f[5])), Integer.parseInt(f[6]),
                    Integer.parseInt(f[7]), Long.parseLong(f[8]));
            return new Model(d.items(), d.start(), d.neighbours(), d.similarities(), d.popularity(), provenance);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model that && NeighbourLists.same(this, that) && provenance.equals(that.provenance);
        }

        @Override
        public int hashCode() {
            return NeighbourLists.hash(this);
        }

        @Override
        public String toString() {
            return "ItemSimilarity.Model[items=" + items + ", neighbours=" + neighbours.length + ", " + provenance + "]";
        }
    }

    /** The top-K neighbour lists of every item in {@code data}. */
    public static Model fit(Interactions data, Options options) {
        int users = data.users();
        int items = data.itemCount();
        // rows reweighted and capped
        int[] rowStart = new int[users + 1];
        int[] rowItems = new int[data.entries()];
        float[] rowWeights = new float[data.entries()];
        int[] popularity = new int[items];
        double[] squares = new double[items];
        for (int p = 0; p < data.entries(); p++) {
            popularity[data.items()[p]]++;
        }
        int n = 0;
        long[] heaviest = new long[0];
        for (int u = 0; u < users; u++) {
            int from = data.start()[u];
            int to = data.start()[u + 1];
            if (to - from > options.maxUserItems()) {
                if (heaviest.length < to - from) {
                    heaviest = new long[to - from];
                }
                for (int p = from; p < to; p++) {
                    // heaviest first, then the lower id: sort ascending on (−weight bits, item)
                    heaviest[p - from] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(data.weights()[p])) << 32) | (p - from);
                }
                Arrays.sort(heaviest, 0, to - from);
                int[] kept = new int[options.maxUserItems()];
                for (int k = 0; k < kept.length; k++) {
                    kept[k] = from + (int) heaviest[k];
                }
                Arrays.sort(kept);
                for (int p : kept) {
                    n = keep(data, p, options.weighting(), rowItems, rowWeights, squares, n);
                }
            } else {
                for (int p = from; p < to; p++) {
                    n = keep(data, p, options.weighting(), rowItems, rowWeights, squares, n);
                }
            }
            rowStart[u + 1] = n;
        }
        // transpose: the users of each item
        int[] columnStart = new int[items + 1];
        for (int p = 0; p < n; p++) {
            columnStart[rowItems[p] + 1]++;
        }
        for (int i = 0; i < items; i++) {
            columnStart[i + 1] += columnStart[i];
        }
        int[] fill = Arrays.copyOf(columnStart, items);
        int[] columnUsers = new int[n];
        float[] columnWeights = new float[n];
        for (int u = 0; u < users; u++) {
            for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
                int at = fill[rowItems[p]]++;
                columnUsers[at] = u;
                columnWeights[at] = rowWeights[p];
            }
        }
        double alpha = options.popularityDamping();
        double lambda = options.shrinkage();
        double[] normOut = new double[items];
        double[] normIn = new double[items];
        for (int i = 0; i < items; i++) {
            normOut[i] = Math.pow(squares[i], 1 - alpha);
            normIn[i] = Math.pow(squares[i], alpha);
        }
        int k = options.neighbours();
        int[] start = new int[items + 1];
        int[] neighbours = new int[(int) Math.min((long) items * k, 1 << 20)];
        float[] similarities = new float[neighbours.length];
        float[] dot = new float[items];
        int[] together = new int[items];
        int[] touched = new int[items];
        TopK best = new TopK(k);
        int kept = 0;
        for (int i = 0; i < items; i++) {
            int touchedCount = 0;
            for (int c = columnStart[i]; c < columnStart[i + 1]; c++) {
                int u = columnUsers[c];
                float xi = columnWeights[c];
                for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
                    int j = rowItems[p];
                    if (j == i) {
                        continue;
                    }
                    if (together[j] == 0) {
                        touched[touchedCount++] = j;
                    }
                    together[j]++;
                    dot[j] += xi * rowWeights[p];
                }
            }
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                double sim = dot[j] / (normOut[i] * normIn[j]);
                if (lambda > 0) {
                    sim *= together[j] / (together[j] + lambda);
                }
                best.offer(j, (float) sim);
                dot[j] = 0f;
                together[j] = 0;
            }
            if (kept + best.size() > neighbours.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(kept + (long) best.size(), neighbours.length * 3L / 2 + 16));
                neighbours = Arrays.copyOf(neighbours, grown);
                similarities = Arrays.copyOf(similarities, grown);
            }
            kept += best.drain(neighbours, similarities, kept);
            start[i + 1] = kept;
        }
        Provenance provenance = new Provenance(ALGORITHM, options, users, data.entries(), fingerprint(data));
        return new Model(items, start, Arrays.copyOf(neighbours, kept), Arrays.copyOf(similarities, kept), popularity, provenance);
    }

    private static int keep(Interactions data, int p, Weighting weighting, int[] rowItems, float[] rowWeights, double[] squares, int n) {
        int item = data.items()[p];
        float x = weighting.apply(data.weights()[p]);
        rowItems[n] = item;
        rowWeights[n] = x;
        squares[item] += (double) x * x;
        return n + 1;
    }

    /** A 64-bit hash of the interactions' shape, items and weights (FNV-1a over their ints). */
    static long fingerprint(Interactions data) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, data.users());
        h = mix(h, data.itemCount());
        for (int s : data.start()) {
            h = mix(h, s);
        }
        for (int i = 0; i < data.entries(); i++) {
            h = mix(h, data.items()[i]);
            h = mix(h, Float.floatToIntBits(data.weights()[i]));
        }
        return h;
    }

    private static long mix(long h, int value) {
        return (h ^ value) * 0x100000001b3L;
    }
}
