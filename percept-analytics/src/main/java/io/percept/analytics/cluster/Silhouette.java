package io.percept.analytics.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The silhouette of a clustering (Rousseeuw, "Silhouettes: a graphical aid to the interpretation
 * and validation of cluster analysis", J. Comput. Appl. Math. 20, 1987): for a point, {@code a} is
 * its mean distance to the other points of its cluster, {@code b} the smallest mean distance to the
 * points of another cluster, and its silhouette is {@code (b - a) / max(a, b)}, in [-1, 1]; 0 for
 * the only point of its cluster. The mean over points measures how well separated the clusters are.
 *
 * <p>The exact mean needs every pairwise distance, O(n²): 10¹² distances for a million customers.
 * {@link #sampled} computes it among a seeded uniform sample of points, with their clusters, as
 * scikit-learn's {@code silhouette_score(sample_size=...)} does: with 4,000 points (8 million
 * distances) the standard error of the mean is typically about 0.005.
 */
public final class Silhouette {

    private Silhouette() {
    }

    /**
     * The exact mean silhouette over all rows (O(n²) distances: for up to some tens of thousands of rows).
     *
     * @param labels each row's cluster, in [0, k)
     * @return the mean silhouette, or NaN when fewer than two clusters have points
     */
    public static double exact(Matrix data, int[] labels, int k) {
        int[] all = new int[data.rows()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return of(data, all, labels, k);
    }

    /**
     * The mean silhouette among {@code sampleSize} rows drawn uniformly without replacement with
     * {@code seed} (all rows when there are no more than that).
     *
     * @return the mean silhouette over the sample, or NaN when fewer than two clusters are in it
     */
    public static double sampled(Matrix data, int[] labels, int k, int sampleSize, long seed) {
        return of(data, sample(data.rows(), sampleSize, seed), labels, k);
    }

    /** {@code size} distinct indices of {@code [0, n)} drawn uniformly with {@code seed} (all of them when {@code n <= size}), ascending. */
    public static int[] sample(int n, int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a sample needs at least one point, was " + size);
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        if (n <= size) {
            return indices;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        int[] sample = Arrays.copyOf(indices, size);
        Arrays.sort(sample);
        return sample;
    }

    /** The mean silhouette of the rows {@code rows} among themselves, with the labels of all rows. */
    static double of(Matrix data, int[] rows, int[] labels, int k) {
        if (labels.length != data.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + data.rows() + " rows");
        }
        int[] own = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            own[i] = labels[rows[i]];
        }
        return new Among(data, rows).score(own, k);
    }

    /**
     * The distances among a fixed set of rows, to score several labellings of them (one per k).
     * With at most {@link #CACHED_PAIRS} pairs (a sample of up to 5,657 rows) they are computed once
     * and kept as floats (at most 64 MB); beyond that they are recomputed for each labelling.
     */
    static final class Among {

        static final long CACHED_PAIRS = 16_000_000;

        private final Matrix data;
        private final int[] rows;
        private final float[] distances;

        Among(Matrix data, int[] rows) {
            this.data = data;
            this.rows = rows.clone();
            long pairs = (long) rows.length * (rows.length - 1) / 2;
            if (pairs <= CACHED_PAIRS) {
                distances = new float[(int) pairs];
                int d = data.columns();
                double[] x = data.values();
                int p = 0;
                for (int i = 0; i < rows.length; i++) {
                    for (int j = i + 1; j < rows.length; j++) {
                        distances[p++] = (float) Math.sqrt(KMeans.squaredDistance(x, rows[i] * d, x, rows[j] * d, d));
                    }
                }
            } else {
                distances = null;
            }
        }

        /** The rows, in order. */
        int[] rows() {
            return rows.clone();
        }

        /**
         * The mean silhouette of the rows labelled {@code label} (one per row, in row order).
         *
         * @return the mean, or NaN when fewer than two clusters are among the rows
         */
        double score(int[] label, int k) {
            int s = rows.length;
            if (label.length != s) {
                throw new IllegalArgumentException(label.length + " labels for " + s + " rows");
            }
            int[] counts = new int[k];
            for (int i = 0; i < s; i++) {
                if (label[i] < 0 || label[i] >= k) {
                    throw new IllegalArgumentException("label " + label[i] + " is not a cluster of " + k);
                }
                counts[label[i]]++;
            }
            int present = 0;
            for (int count : counts) {
                if (count > 0) {
                    present++;
                }
            }
            if (present < 2) {
                return Double.NaN;
            }
            double[] sums = new double[s * k];
            int d = data.columns();
            double[] x = data.values();
            int p = 0;
            for (int i = 0; i < s; i++) {
                int li = label[i];
                int oi = rows[i] * d;
                for (int j = i + 1; j < s; j++) {
                    double distance = distances != null ? distances[p++] : Math.sqrt(KMeans.squaredDistance(x, oi, x, rows[j] * d, d));
                    sums[i * k + label[j]] += distance;
                    sums[j * k + li] += distance;
                }
            }
            double total = 0;
            for (int i = 0; i < s; i++) {
                int own = label[i];
                if (counts[own] < 2) {
                    continue;
                }
                double a = sums[i * k + own] / (counts[own] - 1);
                double b = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (c != own && counts[c] > 0) {
                        b = Math.min(b, sums[i * k + c] / counts[c]);
                    }
                }
                double scale = Math.max(a, b);
                total += scale > 0 ? (b - a) / scale : 0;
            }
            return total / s;
        }
    }
}
