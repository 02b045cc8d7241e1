package io.percept.analytics.text;

import java.util.List;

/**
 * Naive Bayes feature weighting for a two-class problem (the "NB" of NB-SVM: Wang and Manning,
 * "Baselines and bigrams", ACL 2012): each feature's log-count ratio
 * r = log((p / |p|₁) / (q / |q|₁)), where p and q count the examples of the positive and the other
 * class that contain the feature, smoothed by {@code alpha}. {@link #apply} replaces a vector's
 * values by the ratios of its features (binarised, L2-normalised), so that a linear classifier
 * trained on the result starts from the naive Bayes evidence. A pure function of its inputs.
 *
 * @param ratios one ratio per feature
 */
public record LogCountRatio(float[] ratios) {

    /**
     * The ratios of {@code examples}, where class {@code positive} is the positive class.
     *
     * @param alpha additive smoothing (greater than 0; 1 is usual)
     */
    public static LogCountRatio fit(List<SparseVector> examples, int[] classes, int positive, int dimensions, double alpha) {
        if (examples.size() != classes.length) {
            throw new IllegalArgumentException("need as many classes as examples: " + examples.size() + " vs " + classes.length);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be positive, was " + alpha);
        }
        double[] p = new double[dimensions];
        double[] q = new double[dimensions];
        java.util.Arrays.fill(p, alpha);
        java.util.Arrays.fill(q, alpha);
        for (int i = 0; i < classes.length; i++) {
            double[] counts = classes[i] == positive ? p : q;
            for (int index : examples.get(i).indices()) {
                counts[index]++;
            }
        }
        double pTotal = 0;
        double qTotal = 0;
        for (int i = 0; i < dimensions; i++) {
            pTotal += p[i];
            qTotal += q[i];
        }
        float[] ratios = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            ratios[i] = (float) Math.log((p[i] / pTotal) / (q[i] / qTotal));
        }
        return new LogCountRatio(ratios);
    }

    /** {@code x} with each present feature valued by its ratio, L2-normalised (empty stays empty). */
    public SparseVector apply(SparseVector x) {
        int[] indices = x.indices();
        float[] values = new float[indices.length];
        double norm = 0;
        for (int i = 0; i < indices.length; i++) {
            values[i] = ratios[indices[i]];
            norm += values[i] * values[i];
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
        }
        return new SparseVector(indices, values);
    }
}
