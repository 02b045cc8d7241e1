package io.percept.analytics.propensity;

/**
 * Where a model came from.
 *
 * @param algorithm   what trained it, e.g. {@code logistic-regression-newton}
 * @param options     its options as text (the options record's {@code toString()})
 * @param examples    how many training rows
 * @param positives   how many of them were positive
 * @param fingerprint a hash of the training features and labels
 */
public record Provenance(String algorithm, String options, int examples, int positives, long fingerprint) {

    /** A hash of a feature matrix and its labels: the same data gives the same fingerprint. */
    static long fingerprint(double[][] x, boolean[] y) {
        long hash = 1125899906842597L;
        for (int i = 0; i < x.length; i++) {
            hash = 31 * hash + (y[i] ? 1 : 0);
            for (double value : x[i]) {
                hash = 31 * hash + Double.doubleToLongBits(value);
            }
        }
        return hash;
    }

    /** The number of {@code true} labels. */
    static int positives(boolean[] y) {
        int positives = 0;
        for (boolean label : y) {
            if (label) {
                positives++;
            }
        }
        return positives;
    }

    /**
     * Checks a training set: rows and labels line up, both classes occur, the rows are as wide as
     * the names and every value is finite.
     */
    static void check(double[][] x, boolean[] y, int width) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("need one label per row: " + x.length + " rows, " + y.length + " labels");
        }
        int positives = positives(y);
        if (positives == 0 || positives == y.length) {
            throw new IllegalArgumentException("need both classes among the labels; positives: " + positives + " of " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + width);
            }
            for (double value : x[i]) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("row " + i + " has a value that is not finite: " + value);
                }
            }
        }
    }
}
