package io.percept.analytics.recommend;

import java.util.Arrays;

/**
 * EASE, "embarrassingly shallow autoencoder" (Steck, "Embarrassingly Shallow Autoencoders for Sparse
 * Data", WWW 2019): an item × item weight matrix B learnt by ridge regression of each item's column of
 * the user × item matrix X on all the other columns, with a zero diagonal so that no item explains
 * itself. The constrained least-squares problem has a closed form:
 * <pre>
 *   P = (XᵀX + λI)⁻¹,   B_ij = −P_ij / P_jj  (i ≠ j),   B_ii = 0
 * </pre>
 * and a user with history x scores item j as Σ<sub>i</sub> x<sub>i</sub> B<sub>ij</sub>. Unlike cosine
 * neighbours, the weights are partial effects: an item bought by everyone who bought a whole family
 * gets its weight from the family once, not once per member, and negative weights are learnt too.
 *
 * <p>Only the items with at least {@link Options#minUsers} users, at most the {@link Options#maxItems}
 * most popular, take part in the regression (the others are still counted for popularity). P is
 * found through the Cholesky factor of the Gram matrix. Cost: Σ<sub>u</sub> n<sub>u</sub>² for the
 * Gram matrix, about n³/2 multiply-adds for the inverse and 8n² bytes of memory for n regressed items
 * (≈ 10 s of one core and 80 MB for 3,100 items). Each item then keeps its {@link Options#neighbours}
 * largest positive weights as a neighbour list ({@link ItemNeighbours}), the form a {@link Recommender}
 * scores from. Pure and deterministic.
 */
public final class Ease {

    private Ease() {
    }

    /**
     * @param l2         λ &gt; 0, the ridge penalty on the weights (in units of co-occurrences; larger
     *                   shrinks towards popularity-free, smoother weights)
     * @param weighting  how summed interaction weights become entries of X
     * @param neighbours the largest positive weights kept per item (1 to 10,000)
     * @param minUsers   the fewest users an item needs to be regressed (1 or more)
     * @param maxItems   the most items regressed, the most popular first (2 to 20,000; memory 8 × maxItems² bytes)
     */
    public record Options(double l2, ItemSimilarity.Weighting weighting, int neighbours, int minUsers, int maxItems) {

        public Options {
            if (!(l2 > 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be positive and finite, was " + l2);
            }
            if (weighting == null) {
                throw new IllegalArgumentException("weighting must be given");
            }
            if (neighbours < 1 || neighbours > 10_000) {
                throw new IllegalArgumentException("neighbours must be between 1 and 10000, was " + neighbours);
            }
            if (minUsers < 1) {
                throw new IllegalArgumentException("minUsers must be at least 1, was " + minUsers);
            }
            if (maxItems < 2 || maxItems > 20_000) {
                throw new IllegalArgumentException("maxItems must be between 2 and 20000, was " + maxItems);
            }
        }

        /** λ = 200, raw weights, 100 neighbours, items with at least 3 users, at most 5,000 of them. */
        public static Options defaults() {
            return new Options(200, ItemSimilarity.Weighting.RAW, 100, 3, 5_000);
        }
    }

    /**
     * Where a model came from.
     *
     * @param algorithm   always {@value #ALGORITHM}
     * @param options     the options
     * @param users       the users in the data
     * @param entries     the (user, item) entries in the data
     * @param regressed   how many items took part in the regression
     * @param fingerprint a hash of the interactions
     */
    public record Provenance(String algorithm, Options options, int users, int entries, int regressed, long fingerprint) {
    }

    static final String ALGORITHM = "ease-ridge-item-item";
    private static final int MAGIC = 0x50454153; // "PEAS"

    /**
     * The kept weights as neighbour lists: item i's neighbours j are {@code neighbours[start[i] ..
     * start[i + 1])}, largest B<sub>ij</sub> first, with B<sub>ij</sub> in {@code similarities};
     * {@code popularity[i]} is the number of users who interacted with i. Arrays are shared, not
     * copied: do not write to them.
     */
    public record Model(int items, int[] start, int[] neighbours, float[] similarities, int[] popularity, Provenance provenance)
            implements ItemNeighbours {

        public Model {
            NeighbourLists.check(items, start, neighbours, similarities, popularity);
        }

        /** The model as bytes, for a file or a table. */
        public byte[] toBytes() {
            Options o = provenance.options();
            String header = provenance.algorithm() + "," + o.l2() + "," + o.weighting() + "," + o.neighbours() + "," + o.minUsers() + ","
                    + o.maxItems() + "," + provenance.users() + "," + provenance.entries() + "," + provenance.regressed() + ","
                    + provenance.fingerprint();
            return NeighbourLists.encode(MAGIC, header, items, start, popularity, neighbours, similarities);
        }

        /** Reads {@link #toBytes()}'s output. */
        public static Model fromBytes(byte[] bytes) {
            NeighbourLists.Decoded d = NeighbourLists.decode(MAGIC, "EASE", bytes);
            String[] f = d.header();
            Provenance provenance = new Provenance(f[0], new Options(Double.parseDouble(f[1]), ItemSimilarity.Weighting.valueOf(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])), Integer.parseInt(f[6]),
                    Integer.parseInt(f[7]), Integer.parseInt(f[8]), Long.parseLong(f[9]));
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
            return "Ease.Model[items=" + items + ", neighbours=" + neighbours.length + ", " + provenance + "]";
        }
    }

    /** Fits B on {@code data} and keeps each item's largest positive weights. */
    public static Model fit(Interactions data, Options options) {
        int items = data.itemCount();
        int[] popularity = new int[items];
        for (int p = 0; p < data.entries(); p++) {
            popularity[data.items()[p]]++;
        }
        // the regressed items, most popular first: item → dense index, and back
        int[] index = new int[items];
        Arrays.fill(index, -1);
        int[] order = Popularity.order(popularity);
        int n = 0;
        while (n < Math.min(items, options.maxItems()) && popularity[order[n]] >= options.minUsers()) {
            n++;
        }
        int[] regressed = Arrays.copyOf(order, n);
        Arrays.sort(regressed);
        for (int a = 0; a < n; a++) {
            index[regressed[a]] = a;
        }
        double[][] inverse = inverseGram(data, options, index, n);
        // B_ij = −P_ij / P_jj, P symmetric in its lower triangle; keep the largest positive weights of each row
        int k = Math.min(options.neighbours(), Math.max(1, n - 1));
        int[] start = new int[items + 1];
        int[] neighbours = new int[n * k];
        float[] weights = new float[n * k];
        TopK best = new TopK(k);
        int kept = 0;
        for (int i = 0; i < items; i++) {
            int a = index[i];
            if (a >= 0) {
                double[] row = inverse[a];
                for (int b = 0; b < n; b++) {
                    double pab = b <= a ? row[b] : inverse[b][a];
                    double weight = -pab / inverse[b][b];
                    if (b != a && weight > 0) {
                        best.offer(regressed[b], (float) weight);
                    }
                }
                kept += best.drain(neighbours, weights, kept);
            }
            start[i + 1] = kept;
        }
        Provenance provenance = new Provenance(ALGORITHM, options, data.users(), data.entries(), n, ItemSimilarity.fingerprint(data));
        return new Model(items, start, Arrays.copyOf(neighbours, kept), Arrays.copyOf(weights, kept), popularity, provenance);
    }

    /** (XᵀX + λI)⁻¹ over the regressed items, as its lower triangle (row a holds columns 0..a). */
    private static double[][] inverseGram(Interactions data, Options options, int[] index, int n) {
        double[][] g = new double[n][];
        for (int a = 0; a < n; a++) {
            g[a] = new double[a + 1];
        }
        int[] rowIndex = new int[Math.max(1, maxRow(data))];
        double[] rowValue = new double[rowIndex.length];
        for (int u = 0; u < data.users(); u++) {
            int m = 0;
            for (int p = data.start()[u]; p < data.start()[u + 1]; p++) {
                int a = index[data.items()[p]];
                if (a >= 0) {
                    rowIndex[m] = a;
                    rowValue[m++] = options.weighting().apply(data.weights()[p]);
                }
            }
            for (int x = 0; x < m; x++) {
                double[] ga = g[rowIndex[x]];
                for (int y = 0; y < m; y++) {
                    if (rowIndex[y] <= rowIndex[x]) {
                        ga[rowIndex[y]] += rowValue[x] * rowValue[y];
                    }
                }
            }
        }
        for (int a = 0; a < n; a++) {
            g[a][a] += options.l2();
        }
        choleskyInPlace(g);
        invertLowerInPlace(g);
        return gramOfRows(g);
    }

    /**
     * MᵀM for a lower-triangular M (row c holds columns 0..c), as its lower triangle:
     * (MᵀM)_ab = Σ_{c ≥ max(a, b)} M_ca M_cb, accumulated row by row of M; releases M's rows as it goes.
     */
    static double[][] gramOfRows(double[][] m) {
        int n = m.length;
        double[][] p = new double[n][];
        for (int a = 0; a < n; a++) {
            p[a] = new double[a + 1];
        }
        for (int c = 0; c < n; c++) {
            double[] mc = m[c];
            for (int a = 0; a <= c; a++) {
                axpy(mc[a], mc, p[a], a + 1);
            }
            m[c] = null;
        }
        return p;
    }

    /** y[0..n) += a · x[0..n) (nothing when a is 0). */
    private static void axpy(double a, double[] x, double[] y, int n) {
        if (a != 0) {
            for (int k = 0; k < n; k++) {
                y[k] += a * x[k];
            }
        }
    }

    private static int maxRow(Interactions data) {
        int max = 0;
        for (int u = 0; u < data.users(); u++) {
            max = Math.max(max, data.size(u));
        }
        return max;
    }

    /** Replaces the lower triangle of a symmetric positive-definite matrix by its Cholesky factor L (A = LLᵀ), row by row. */
    static void choleskyInPlace(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            double[] ai = a[i];
            for (int j = 0; j < i; j++) {
                ai[j] = (ai[j] - dot(ai, a[j], j)) / a[j][j];
            }
            double d = ai[i] - dot(ai, ai, i);
            if (!(d > 0)) {
                throw new IllegalStateException("the Gram matrix is not positive definite at row " + i);
            }
            ai[i] = Math.sqrt(d);
        }
    }

    /** Replaces a lower-triangular L by L⁻¹, row by row: row i of L⁻¹ depends only on rows before it. */
    static void invertLowerInPlace(double[][] l) {
        for (int i = 0; i < l.length; i++) {
            double[] li = l[i];
            double[] row = new double[i + 1];
            for (int k = 0; k < i; k++) {
                axpy(-li[k], l[k], row, k + 1);
            }
            row[i] += 1;
            double scale = 1 / li[i];
            for (int j = 0; j <= i; j++) {
                row[j] *= scale;
            }
            l[i] = row;
        }
    }

    /** Σ x[k] y[k] over k &lt; n, four partial sums for instruction-level parallelism. */
    private static double dot(double[] x, double[] y, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += x[k] * y[k];
            s1 += x[k + 1] * y[k + 1];
            s2 += x[k + 2] * y[k + 2];
            s3 += x[k + 3] * y[k + 3];
        }
        for (; k < n; k++) {
            s0 += x[k] * y[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
