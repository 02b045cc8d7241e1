package io.percept.analytics.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-means clustering: centres seeded by greedy k-means++ (Arthur and Vassilvitskii, "k-means++: the
 * advantages of careful seeding", SODA 2007; the greedy variant with {@code 2 + ln k} candidates per
 * centre is the one their paper describes and scikit-learn uses), then Lloyd's iterations (Lloyd
 * 1957/1982): assign every point to its nearest centre, move every centre to the mean of its points,
 * until no assignment changes, the centres move less than the tolerance, or the iterations run out.
 *
 * <p>The assignment step uses Hamerly's bounds by default (G. Hamerly, "Making k-means even
 * faster", SDM 2010): each point keeps an upper bound on the distance to its centre and a lower
 * bound on the distance to every other centre, moved by how far the centres moved, and a point is
 * compared with all centres only when the bounds no longer prove its centre is still the nearest.
 * The result is the same as Lloyd's; after the first few iterations most points are skipped.
 *
 * <p>A cluster left empty after an assignment step gets as its new centre the point farthest from
 * its own centre (among clusters of more than one point), as scikit-learn does. Everything is
 * single-threaded and every random draw comes from the seed: the same data and options give the
 * same model.
 */
public final class KMeans {

    private KMeans() {
    }

    /** How the assignment step finds each point's nearest centre. */
    public enum Algorithm {
        /** Every point against every centre in every iteration. */
        LLOYD,
        /** Hamerly's upper and lower bounds skip the points whose centre provably has not changed. */
        HAMERLY
    }

    /**
     * @param k              the number of clusters (1 to 10,000, at most the number of rows)
     * @param maxIterations  the most Lloyd iterations (centre updates) per run (1 to 100,000)
     * @param tolerance      stop when the sum over centres of their squared movement is at most this
     *                       times the mean variance of the features (scikit-learn's rule); 0 or more
     * @param restarts       independent seedings and runs; the one of least inertia is kept (1 to 1,000)
     * @param seedingTrials  k-means++ candidates drawn per centre, the one that lowers the potential most
     *                       kept; 0 for {@code 2 + floor(ln k)}, 1 for the original k-means++ (0 to 100)
     * @param algorithm      how the assignment step runs; both give the same clusters
     * @param seed           all randomness (seeding, restarts)
     */
    public record Options(int k, int maxIterations, double tolerance, int restarts, int seedingTrials, Algorithm algorithm, long seed) {

        public Options {
            if (k < 1 || k > 10_000) {
                throw new IllegalArgumentException("k must be between 1 and 10000, was " + k);
            }
            if (maxIterations < 1 || maxIterations > 100_000) {
                throw new IllegalArgumentException("maxIterations must be between 1 and 100000, was " + maxIterations);
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be finite and 0 or more, was " + tolerance);
            }
            if (restarts < 1 || restarts > 1_000) {
                throw new IllegalArgumentException("restarts must be between 1 and 1000, was " + restarts);
            }
            if (seedingTrials < 0 || seedingTrials > 100) {
                throw new IllegalArgumentException("seedingTrials must be between 0 and 100, was " + seedingTrials);
            }
            if (algorithm == null) {
                throw new IllegalArgumentException("algorithm must be given");
            }
        }

        /** {@code k} clusters, at most 300 iterations, tolerance 1e-4, one run, greedy seeding, Hamerly, seed 42. */
        public static Options defaults(int k) {
            return new Options(k, 300, 1e-4, 1, 0, Algorithm.HAMERLY, 42);
        }

        public Options withK(int newK) {
            return new Options(newK, maxIterations, tolerance, restarts, seedingTrials, algorithm, seed);
        }

        public Options withSeed(long newSeed) {
            return new Options(k, maxIterations, tolerance, restarts, seedingTrials, algorithm, newSeed);
        }

        public Options withRestarts(int newRestarts) {
            return new Options(k, maxIterations, tolerance, newRestarts, seedingTrials, algorithm, seed);
        }

        public Options withAlgorithm(Algorithm newAlgorithm) {
            return new Options(k, maxIterations, tolerance, restarts, seedingTrials, newAlgorithm, seed);
        }

        public Options withMaxIterations(int newMaxIterations) {
            return new Options(k, newMaxIterations, tolerance, restarts, seedingTrials, algorithm, seed);
        }

        /** The candidates per centre the seeding actually draws. */
        int trials() {
            return seedingTrials > 0 ? seedingTrials : 2 + (int) Math.floor(Math.log(k));
        }
    }

    /**
     * Where a model came from.
     *
     * @param algorithm   {@code k-means++/lloyd} or {@code k-means++/hamerly}
     * @param options     the options it was fitted with
     * @param rows        the number of points
     * @param fingerprint a hash of the data's shape and values
     */
    public record Provenance(String algorithm, Options options, int rows, long fingerprint) {
    }

    /**
     * A fitted clustering.
     *
     * @param k           the number of clusters
     * @param dimensions  the number of features
     * @param centroids   the centres, row-major ({@code centroids[cluster * dimensions + feature]})
     * @param assignments each point's cluster, in row order
     * @param inertia     the sum over points of the squared distance to their centre
     * @param iterations  the centre updates the kept run made
     * @param converged   whether it stopped on no change or the tolerance, not on {@code maxIterations}
     * @param provenance  how it was made
     */
    public record Model(int k, int dimensions, double[] centroids, int[] assignments, double inertia, int iterations, boolean converged,
            Provenance provenance) {

        public Model {
            if (centroids.length != (long) k * dimensions) {
                throw new IllegalArgumentException(centroids.length + " centroid values for " + k + " x " + dimensions);
            }
            for (int a : assignments) {
                if (a < 0 || a >= k) {
                    throw new IllegalArgumentException("assignment " + a + " is not a cluster of " + k);
                }
            }
        }

        /** The centre of {@code cluster}, copied. */
        public double[] centroid(int cluster) {
            return Arrays.copyOfRange(centroids, cluster * dimensions, (cluster + 1) * dimensions);
        }

        /** The centres as a matrix, one row per cluster. */
        public Matrix centroidMatrix() {
            return new Matrix(k, dimensions, centroids.clone());
        }

        /** The number of points in each cluster. */
        public int[] sizes() {
            int[] sizes = new int[k];
            for (int a : assignments) {
                sizes[a]++;
            }
            return sizes;
        }

        /** The cluster of a new point, given on the same (standardised) scale: its nearest centre, the lowest on a tie. */
        public int assign(double[] point) {
            if (point.length != dimensions) {
                throw new IllegalArgumentException(point.length + " values for a model of " + dimensions + " features");
            }
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double distance = squaredDistance(point, 0, centroids, j * dimensions, dimensions);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = j;
                }
            }
            return best;
        }

        /** The clusters of the rows of {@code data}. */
        public int[] assign(Matrix data) {
            if (data.columns() != dimensions) {
                throw new IllegalArgumentException(data.columns() + " columns for a model of " + dimensions + " features");
            }
            int[] result = new int[data.rows()];
            double[] x = data.values();
            for (int i = 0; i < result.length; i++) {
                result[i] = nearest(x, i * dimensions, centroids, k, dimensions);
            }
            return result;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model that && k == that.k && dimensions == that.dimensions && Arrays.equals(centroids, that.centroids)
                    && Arrays.equals(assignments, that.assignments) && Double.compare(inertia, that.inertia) == 0
                    && iterations == that.iterations && converged == that.converged && provenance.equals(that.provenance);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(centroids) + Arrays.hashCode(assignments);
        }

        @Override
        public String toString() {
            return "KMeans.Model[k=" + k + ", dimensions=" + dimensions + ", sizes=" + Arrays.toString(sizes()) + ", inertia=" + inertia
                    + ", iterations=" + iterations + ", converged=" + converged + ", provenance=" + provenance + "]";
        }
    }

    /**
     * Clusters the rows of {@code data} (standardise them first: see {@link Standardizer}).
     *
     * @throws IllegalArgumentException if there are fewer rows than {@code k} or a value is NaN or infinite
     */
    public static Model fit(Matrix data, Options options) {
        check(data, options);
        SplittableRandom random = new SplittableRandom(options.seed());
        double toleranceAbsolute = options.tolerance() * meanVariance(data);
        long fingerprint = data.fingerprint();
        Model best = null;
        for (int run = 0; run < options.restarts(); run++) {
            SplittableRandom runRandom = random.split();
            double[] centres = seed(data, options.k(), options.trials(), runRandom);
            Model model = run(data, centres, options, toleranceAbsolute, fingerprint);
            if (best == null || model.inertia() < best.inertia()) {
                best = model;
            }
        }
        return best;
    }

    /** Lloyd's iterations from the given centres (row-major, {@code k * columns}), one run; for tests. */
    static Model fit(Matrix data, double[] initialCentres, Options options) {
        check(data, options);
        if (initialCentres.length != (long) options.k() * data.columns()) {
            throw new IllegalArgumentException(initialCentres.length + " initial centre values for " + options.k() + " x " + data.columns());
        }
        return run(data, initialCentres.clone(), options, options.tolerance() * meanVariance(data), data.fingerprint());
    }

    private static void check(Matrix data, Options options) {
        if (data.rows() < options.k()) {
            throw new IllegalArgumentException(data.rows() + " rows cannot make " + options.k() + " clusters");
        }
        data.requireFinite("the data");
    }

    /**
     * Greedy k-means++: the first centre uniformly, then each next one by D² sampling, the best of
     * {@code trials} candidates. Two passes over the data per centre: one scores all the candidates,
     * one updates every point's distance to its nearest centre and the cumulative weights.
     */
    static double[] seed(Matrix data, int k, int trials, SplittableRandom random) {
        int n = data.rows();
        int d = data.columns();
        double[] x = data.values();
        double[] centres = new double[k * d];
        int first = random.nextInt(n);
        System.arraycopy(x, first * d, centres, 0, d);
        double[] closest = new double[n];
        double[] cumulative = new double[n];
        double running = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = squaredDistance(x, i * d, centres, 0, d);
            running += closest[i];
            cumulative[i] = running;
        }
        double[] candidates = new double[trials * d];
        double[] potentials = new double[trials];
        for (int c = 1; c < k; c++) {
            for (int t = 0; t < trials; t++) {
                int candidate = running > 0 ? draw(cumulative, closest, random.nextDouble() * running) : random.nextInt(n);
                System.arraycopy(x, candidate * d, candidates, t * d, d);
            }
            Arrays.fill(potentials, 0);
            for (int i = 0; i < n; i++) {
                int offset = i * d;
                double current = closest[i];
                for (int t = 0; t < trials; t++) {
                    potentials[t] += Math.min(current, squaredDistance(x, offset, candidates, t * d, d));
                }
            }
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (potentials[t] < potentials[best]) {
                    best = t;
                }
            }
            System.arraycopy(candidates, best * d, centres, c * d, d);
            running = 0;
            for (int i = 0; i < n; i++) {
                double distance = squaredDistance(x, i * d, centres, c * d, d);
                if (distance < closest[i]) {
                    closest[i] = distance;
                }
                running += closest[i];
                cumulative[i] = running;
            }
        }
        return centres;
    }

    /** The first index whose cumulative weight exceeds {@code target}, moved back to a point of positive weight. */
    private static int draw(double[] cumulative, double[] weights, double target) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] > target) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        while (low > 0 && weights[low] == 0) {
            low--;
        }
        return low;
    }

    /**
     * One run of Lloyd's iterations from {@code centres}. The per-cluster sums are kept up to date
     * as points change cluster (in row order, the same in both algorithms), so the update step costs
     * only the points that moved, not a pass over the data.
     */
    private static Model run(Matrix data, double[] centres, Options options, double toleranceAbsolute, long fingerprint) {
        int n = data.rows();
        int d = data.columns();
        int k = options.k();
        boolean hamerly = options.algorithm() == Algorithm.HAMERLY;
        double[] x = data.values();
        int[] assignments = new int[n];
        double[] upper = new double[n];
        double[] lower = new double[n];
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            scan(x, i, d, centres, k, assignments, upper, lower);
            int offset = assignments[i] * d;
            for (int j = 0; j < d; j++) {
                sums[offset + j] += x[i * d + j];
            }
            counts[assignments[i]]++;
        }
        double[] next = new double[k * d];
        double[] moved = new double[k];
        double[] half = new double[k];
        int iterations = 0;
        boolean converged = false;
        while (iterations < options.maxIterations()) {
            iterations++;
            int[] relocated = update(x, n, d, k, centres, assignments, sums, counts, next);
            double shift = 0;
            int farthest = 0;
            for (int j = 0; j < k; j++) {
                moved[j] = Math.sqrt(squaredDistance(centres, j * d, next, j * d, d));
                shift += moved[j] * moved[j];
                if (moved[j] > moved[farthest]) {
                    farthest = j;
                }
            }
            double most = moved[farthest];
            double second = 0;
            for (int j = 0; j < k; j++) {
                if (j != farthest && moved[j] > second) {
                    second = moved[j];
                }
            }
            double[] swap = centres;
            centres = next;
            next = swap;
            int changed = relocated.length;
            if (hamerly) {
                for (int i = 0; i < n; i++) {
                    int a = assignments[i];
                    upper[i] += moved[a];
                    lower[i] -= a == farthest ? second : most;
                }
                for (int i : relocated) {
                    upper[i] = 0;
                    lower[i] = 0;
                }
                halfDistances(centres, k, d, half);
                for (int i = 0; i < n; i++) {
                    int a = assignments[i];
                    double bound = Math.max(half[a], lower[i]);
                    if (upper[i] <= bound) {
                        continue;
                    }
                    upper[i] = Math.sqrt(squaredDistance(x, i * d, centres, a * d, d));
                    if (upper[i] <= bound) {
                        continue;
                    }
                    scan(x, i, d, centres, k, assignments, upper, lower);
                    if (assignments[i] != a) {
                        move(x, i, d, a, assignments[i], sums, counts);
                        changed++;
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int a = assignments[i];
                    int b = nearest(x, i * d, centres, k, d);
                    if (a != b) {
                        assignments[i] = b;
                        move(x, i, d, a, b, sums, counts);
                        changed++;
                    }
                }
            }
            if (changed == 0 || shift <= toleranceAbsolute) {
                converged = true;
                break;
            }
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            inertia += squaredDistance(x, i * d, centres, assignments[i] * d, d);
        }
        String algorithm = hamerly ? "k-means++/hamerly" : "k-means++/lloyd";
        return new Model(k, d, centres, assignments, inertia, iterations, converged, new Provenance(algorithm, options, n, fingerprint));
    }

    /** Point {@code i} leaves cluster {@code from} for cluster {@code to}: the sums and counts follow. */
    private static void move(double[] x, int i, int d, int from, int to, double[] sums, int[] counts) {
        int row = i * d;
        for (int j = 0; j < d; j++) {
            sums[from * d + j] -= x[row + j];
            sums[to * d + j] += x[row + j];
        }
        counts[from]--;
        counts[to]++;
    }

    /**
     * The update step: each centre to the mean of its points, into {@code next}. A cluster with no
     * points takes the point farthest from its current centre (from a cluster of two or more), which
     * is reassigned to it; returns those points.
     */
    private static int[] update(double[] x, int n, int d, int k, double[] centres, int[] assignments, double[] sums, int[] counts,
            double[] next) {
        int empty = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                empty++;
            }
        }
        int[] relocated = new int[empty];
        if (empty > 0) {
            double[] distance = new double[n];
            for (int i = 0; i < n; i++) {
                distance[i] = squaredDistance(x, i * d, centres, assignments[i] * d, d);
            }
            int r = 0;
            for (int c = 0; c < k; c++) {
                if (counts[c] != 0) {
                    continue;
                }
                int far = -1;
                for (int i = 0; i < n; i++) {
                    if (counts[assignments[i]] > 1 && (far < 0 || distance[i] > distance[far])) {
                        far = i;
                    }
                }
                int from = assignments[far];
                Arrays.fill(sums, c * d, (c + 1) * d, 0);
                move(x, far, d, from, c, sums, counts);
                assignments[far] = c;
                distance[far] = 0;
                relocated[r++] = far;
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                next[c * d + j] = sums[c * d + j] / counts[c];
            }
        }
        return relocated;
    }

    /** Half the distance from each centre to its nearest other centre (Hamerly's s). */
    private static void halfDistances(double[] centres, int k, int d, double[] half) {
        Arrays.fill(half, Double.POSITIVE_INFINITY);
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double distance = 0.5 * Math.sqrt(squaredDistance(centres, a * d, centres, b * d, d));
                if (distance < half[a]) {
                    half[a] = distance;
                }
                if (distance < half[b]) {
                    half[b] = distance;
                }
            }
        }
    }

    /** Point {@code i} against every centre: its nearest (lowest index on a tie), the distance to it and to the second nearest. */
    private static void scan(double[] x, int i, int d, double[] centres, int k, int[] assignments, double[] upper, double[] lower) {
        int offset = i * d;
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        double secondDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double distance = squaredDistance(x, offset, centres, c * d, d);
            if (distance < bestDistance) {
                secondDistance = bestDistance;
                bestDistance = distance;
                best = c;
            } else if (distance < secondDistance) {
                secondDistance = distance;
            }
        }
        assignments[i] = best;
        upper[i] = Math.sqrt(bestDistance);
        lower[i] = Math.sqrt(secondDistance);
    }

    /** The nearest of {@code k} centres to the row at {@code offset}, the lowest index on a tie. */
    static int nearest(double[] x, int offset, double[] centres, int k, int d) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double distance = squaredDistance(x, offset, centres, c * d, d);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    /** The squared Euclidean distance between {@code d} values of {@code a} from {@code ao} and of {@code b} from {@code bo}. */
    static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double diff = a[ao + j] - b[bo + j];
            sum += diff * diff;
        }
        return sum;
    }

    /** The mean over features of their (population) variance: the scale of the tolerance. */
    static double meanVariance(Matrix data) {
        int d = data.columns();
        double[] x = data.values();
        double[] means = new double[d];
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                means[j] += x[i + j];
            }
        }
        for (int j = 0; j < d; j++) {
            means[j] /= data.rows();
        }
        double squares = 0;
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                double deviation = x[i + j] - means[j];
                squares += deviation * deviation;
            }
        }
        return squares / data.rows() / d;
    }
}
