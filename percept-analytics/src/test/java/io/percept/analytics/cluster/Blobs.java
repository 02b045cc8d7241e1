package io.percept.analytics.cluster;

import java.util.SplittableRandom;

/** Seeded Gaussian blobs with known clusters, for tests. */
record Blobs(Matrix data, int[] truth, double[] centres) {

    /**
     * {@code n} points in {@code d} dimensions around {@code k} centres drawn uniformly in
     * {@code [-spread, spread]^d} at least {@code spread} apart (redrawn until they are), each
     * coordinate normal with sd 1, clusters of equal expected size.
     */
    static Blobs of(int n, int k, int d, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] centres = new double[k * d];
        for (int c = 0; c < k; c++) {
            boolean apart = false;
            while (!apart) {
                for (int j = 0; j < d; j++) {
                    centres[c * d + j] = (random.nextDouble() * 2 - 1) * spread;
                }
                apart = true;
                for (int other = 0; other < c; other++) {
                    apart &= Math.sqrt(KMeans.squaredDistance(centres, c * d, centres, other * d, d)) >= spread;
                }
            }
        }
        double[] values = new double[n * d];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(k);
            for (int j = 0; j < d; j++) {
                values[i * d + j] = centres[truth[i] * d + j] + gaussian(random);
            }
        }
        return new Blobs(new Matrix(n, d, values), truth, centres);
    }

    /** Four well-separated blobs: centres on a simplex-like set at distance ~12, sd 1, in 5 dimensions. */
    static Blobs fourSeparated(int n, long seed) {
        double[][] centres = {{0, 0, 0, 0, 0}, {12, 0, 0, 0, 0}, {0, 12, 0, 0, 0}, {6, 6, 10, 0, 0}};
        SplittableRandom random = new SplittableRandom(seed);
        int d = 5;
        double[] values = new double[n * d];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(4);
            for (int j = 0; j < d; j++) {
                values[i * d + j] = centres[truth[i]][j] + gaussian(random);
            }
        }
        double[] flat = new double[4 * d];
        for (int c = 0; c < 4; c++) {
            System.arraycopy(centres[c], 0, flat, c * d, d);
        }
        return new Blobs(new Matrix(n, d, values), truth, flat);
    }

    /** A standard normal draw (Box-Muller). */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
