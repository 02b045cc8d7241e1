package io.percept.analytics.stats;

import java.util.Arrays;

/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman and Fan 1996,
 * definition 7, the default of R and NumPy): for probability {@code p} over {@code n} sorted
 * values the position is {@code h = (n - 1) p} and the quantile is
 * {@code x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])}.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * Quantiles of {@code values} at each probability in {@code probabilities}.
     *
     * @param values        the sample; not modified; must not be empty
     * @param probabilities each in [0, 1]
     * @return one quantile per probability, in the order given
     * @throws IllegalArgumentException if the sample is empty or a probability is outside [0, 1]
     */
    public static double[] of(double[] values, double... probabilities) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, probabilities);
    }

    /** As {@link #of(double[], double...)} for a sample of longs (e.g. latencies in nanoseconds). */
    public static double[] of(long[] values, double... probabilities) {
        double[] sorted = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            sorted[i] = values[i];
        }
        Arrays.sort(sorted);
        return ofSorted(sorted, probabilities);
    }

    /** As {@link #of(double[], double...)} for a sample already sorted ascending; no copy is made. */
    public static double[] ofSorted(double[] sorted, double... probabilities) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantiles of an empty sample are undefined");
        }
        double[] result = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            double p = probabilities[i];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability must be in [0, 1], was " + p);
            }
            double h = (sorted.length - 1) * p;
            int lower = (int) Math.floor(h);
            int upper = Math.min(lower + 1, sorted.length - 1);
            result[i] = sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
        }
        return result;
    }
}
