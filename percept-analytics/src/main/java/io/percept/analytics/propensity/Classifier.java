package io.percept.analytics.propensity;

import java.util.List;

/**
 * A trained binary classifier over encoded features: its margin (log-odds of the positive class)
 * and an additive explanation of it. Immutable and safe to share between threads.
 */
public sealed interface Classifier permits LogisticRegression.Model, GradientBoostedTrees.Model {

    /** The names of the features it reads, in order. */
    List<String> featureNames();

    /** How it was made. */
    Provenance provenance();

    /** The log-odds of the positive class for the encoded row {@code x}. */
    double margin(double[] x);

    /**
     * Splits {@code margin(x)} into a base value, the margin expected over the training rows, and
     * one contribution per feature written into {@code contributions}: base plus contributions
     * equals the margin.
     *
     * @return the base value
     */
    double explain(double[] x, double[] contributions);

    /**
     * As {@link #explain}, but by the cheaper path attribution where the classifier has one (trees:
     * each split's change in expected value goes to its feature); the same as {@link #explain} otherwise.
     *
     * @return the base value
     */
    default double explainByPath(double[] x, double[] contributions) {
        return explain(x, contributions);
    }

    /** The uncalibrated probability of the positive class. */
    default double probability(double[] x) {
        return sigmoid(margin(x));
    }

    /** {@link #margin} of every row. */
    default double[] margins(double[][] x) {
        double[] margins = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            margins[i] = margin(x[i]);
        }
        return margins;
    }

    /** The logistic function, without overflow. */
    static double sigmoid(double margin) {
        if (margin >= 0) {
            return 1 / (1 + Math.exp(-margin));
        }
        double e = Math.exp(margin);
        return e / (1 + e);
    }
}
