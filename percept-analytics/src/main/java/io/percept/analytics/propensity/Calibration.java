package io.percept.analytics.propensity;

import java.util.Arrays;

/**
 * Maps a classifier's margins to calibrated probabilities, fitted on margins the classifier did
 * not train on (held-out folds): Platt scaling or isotonic regression.
 */
public final class Calibration {

    private Calibration() {
    }

    /** How to calibrate. */
    public enum Method {
        /** The classifier's own probability, {@code sigmoid(margin)}. */
        NONE,
        /** A logistic curve on the margin ({@link Platt}). */
        PLATT,
        /** A monotone step function of the margin ({@link Isotonic}). */
        ISOTONIC
    }

    /** A fitted calibration: a non-decreasing map from margin to probability. */
    public sealed interface Calibrator permits Identity, Platt, Isotonic {

        /** The calibrated probability for a margin. */
        double probability(double margin);
    }

    /** No calibration: {@code sigmoid(margin)}. */
    public record Identity() implements Calibrator {

        @Override
        public double probability(double margin) {
            return Classifier.sigmoid(margin);
        }
    }

    /**
     * Platt scaling: {@code sigmoid(slope * margin + intercept)}.
     *
     * @param slope     the margin's weight
     * @param intercept the offset
     */
    public record Platt(double slope, double intercept) implements Calibrator {

        public Platt {
            if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
                throw new IllegalArgumentException("slope and intercept must be finite, were " + slope + " and " + intercept);
            }
        }

        @Override
        public double probability(double margin) {
            return Classifier.sigmoid(slope * margin + intercept);
        }
    }

    /**
     * Isotonic regression: the probability at each knot, linearly interpolated between knots and
     * constant beyond the first and last.
     *
     * @param margins       the knots, ascending
     * @param probabilities the probability at each knot, non-decreasing
     */
    public record Isotonic(double[] margins, double[] probabilities) implements Calibrator {

        public Isotonic {
            if (margins.length != probabilities.length || margins.length == 0) {
                throw new IllegalArgumentException("need one probability per knot, and at least one knot");
            }
            for (int i = 1; i < margins.length; i++) {
                if (!(margins[i] >= margins[i - 1]) || !(probabilities[i] >= probabilities[i - 1])) {
                    throw new IllegalArgumentException("knots and probabilities must be non-decreasing at " + i);
                }
            }
        }

        @Override
        public double probability(double margin) {
            if (margin <= margins[0]) {
                return probabilities[0];
            }
            int last = margins.length - 1;
            if (margin >= margins[last]) {
                return probabilities[last];
            }
            int low = 0;
            int high = last;
            while (high - low > 1) {
                int middle = (low + high) >>> 1;
                if (margins[middle] <= margin) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            double span = margins[high] - margins[low];
            double t = span > 0 ? (margin - margins[low]) / span : 1;
            return probabilities[low] + t * (probabilities[high] - probabilities[low]);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Isotonic that && Arrays.equals(margins, that.margins) && Arrays.equals(probabilities, that.probabilities);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(margins) + Arrays.hashCode(probabilities);
        }

        @Override
        public String toString() {
            return "Isotonic[" + margins.length + " knots]";
        }
    }

    /** Fits {@code method} on held-out {@code margins} and their labels. */
    public static Calibrator fit(Method method, double[] margins, boolean[] y) {
        switch (method) {
            case PLATT:
                return platt(margins, y);
            case ISOTONIC:
                return isotonic(margins, y);
            default:
                return new Identity();
        }
    }

    /**
     * Platt scaling (Platt 1999) with his smoothed targets {@code (n+ + 1) / (n+ + 2)} and
     * {@code 1 / (n- + 2)}, fitted by Newton's method with a backtracking line search (Lin, Lin and
     * Weng, "A note on Platt's probabilistic outputs for support vector machines", Mach. Learn. 68, 2007).
     *
     * @throws IllegalArgumentException if the lengths differ, there is no row or a margin is not finite
     */
    public static Platt platt(double[] margins, boolean[] y) {
        check(margins, y);
        int positives = Provenance.positives(y);
        int negatives = y.length - positives;
        double high = (positives + 1.0) / (positives + 2.0);
        double low = 1.0 / (negatives + 2.0);
        double a = 0;
        double b = Math.log((positives + 1.0) / (negatives + 1.0));
        double value = plattLoss(margins, y, high, low, a, b);
        for (int iteration = 0; iteration < 100; iteration++) {
            double g1 = 0;
            double g2 = 0;
            double h11 = 1e-12;
            double h22 = 1e-12;
            double h21 = 0;
            for (int i = 0; i < margins.length; i++) {
                double p = Classifier.sigmoid(a * margins[i] + b);
                double t = y[i] ? high : low;
                double w = p * (1 - p);
                g1 += margins[i] * (p - t);
                g2 += p - t;
                h11 += margins[i] * margins[i] * w;
                h22 += w;
                h21 += margins[i] * w;
            }
            if (Math.abs(g1) < 1e-9 * margins.length && Math.abs(g2) < 1e-9 * margins.length) {
                break;
            }
            double det = h11 * h22 - h21 * h21;
            double da = -(h22 * g1 - h21 * g2) / det;
            double db = -(-h21 * g1 + h11 * g2) / det;
            double slope = g1 * da + g2 * db;
            double step = 1;
            double next;
            while (true) {
                next = plattLoss(margins, y, high, low, a + step * da, b + step * db);
                if (next <= value + 1e-4 * step * slope || step < 1e-10) {
                    break;
                }
                step /= 2;
            }
            if (!(next < value)) {
                break;
            }
            a += step * da;
            b += step * db;
            value = next;
        }
        return new Platt(a, b);
    }

    private static double plattLoss(double[] margins, boolean[] y, double high, double low, double a, double b) {
        double loss = 0;
        for (int i = 0; i < margins.length; i++) {
            double z = a * margins[i] + b;
            double t = y[i] ? high : low;
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            loss += softplus - t * z;
        }
        return loss;
    }

    /**
     * Isotonic regression of the labels on the margins by pool-adjacent-violators (Ayer et al.,
     * Ann. Math. Stat. 26, 1955; Zadrozny and Elkan, KDD 2002): rows with equal margins are pooled
     * first, then adjacent blocks whose rates decrease are merged; each block contributes knots at
     * its lowest and highest margin. Probabilities are kept within {@code [1 / 2n, 1 - 1 / 2n]}: a
     * block of only negatives is not a certainty.
     *
     * @throws IllegalArgumentException if the lengths differ, there is no row or a margin is not finite
     */
    public static Isotonic isotonic(double[] margins, boolean[] y) {
        check(margins, y);
        int n = margins.length;
        int[] order = Order.ascending(margins);
        double[] blockLow = new double[n];
        double[] blockHigh = new double[n];
        double[] blockSum = new double[n];
        double[] blockWeight = new double[n];
        int blocks = 0;
        int i = 0;
        while (i < n) {
            double margin = margins[order[i]];
            double sum = 0;
            int count = 0;
            while (i < n && margins[order[i]] == margin) {
                sum += y[order[i]] ? 1 : 0;
                count++;
                i++;
            }
            blockLow[blocks] = margin;
            blockHigh[blocks] = margin;
            blockSum[blocks] = sum;
            blockWeight[blocks] = count;
            blocks++;
            while (blocks > 1 && blockSum[blocks - 2] / blockWeight[blocks - 2] >= blockSum[blocks - 1] / blockWeight[blocks - 1]) {
                blockHigh[blocks - 2] = blockHigh[blocks - 1];
                blockSum[blocks - 2] += blockSum[blocks - 1];
                blockWeight[blocks - 2] += blockWeight[blocks - 1];
                blocks--;
            }
        }
        double floor = 0.5 / n;
        double[] knots = new double[2 * blocks];
        double[] probabilities = new double[2 * blocks];
        int k = 0;
        for (int b = 0; b < blocks; b++) {
            double p = Math.min(Math.max(blockSum[b] / blockWeight[b], floor), 1 - floor);
            knots[k] = blockLow[b];
            probabilities[k++] = p;
            if (blockHigh[b] > blockLow[b]) {
                knots[k] = blockHigh[b];
                probabilities[k++] = p;
            }
        }
        return new Isotonic(Arrays.copyOf(knots, k), Arrays.copyOf(probabilities, k));
    }

    private static void check(double[] margins, boolean[] y) {
        if (margins.length != y.length || y.length == 0) {
            throw new IllegalArgumentException("need as many margins as labels, and at least one: " + margins.length + " vs " + y.length);
        }
        for (double margin : margins) {
            if (!Double.isFinite(margin)) {
                throw new IllegalArgumentException("margins must be finite, found " + margin);
            }
        }
    }
}
