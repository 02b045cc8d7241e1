package io.percept.analytics.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * Z-scores per feature: {@code z = (t(x) - mean) / sd}, where {@code t} is the identity, or for
 * features declared on a log scale the signed {@code log1p}, {@code sign(x) log1p(|x|)}, and the mean
 * and the standard deviation (population, divided by n, as scikit-learn's StandardScaler) are
 * those of {@code t(x)} over the fitted rows. k-means measures Euclidean distance, so without this
 * the feature with the largest unit (money in yuan against counts of orders) would decide the
 * clusters alone; the log scale keeps the few very large spenders of a skewed monetary feature from
 * taking a cluster each. Signed so that negative values (net revenue after refunds) stay defined.
 * A constant feature keeps a scale of 1: it is centred to 0 and does not affect distances.
 */
public final class Standardizer {

    private Standardizer() {
    }

    /**
     * A fitted standardisation.
     *
     * @param logScale per feature, whether the signed log1p is applied before centring
     * @param means    per feature, the mean of the (transformed) values
     * @param scales   per feature, the standard deviation of the (transformed) values, or 1 when it is 0
     */
    public record Model(boolean[] logScale, double[] means, double[] scales) {

        public Model {
            if (logScale.length != means.length || means.length != scales.length || means.length == 0) {
                throw new IllegalArgumentException("a standardisation needs the same, non-zero number of flags, means and scales");
            }
            logScale = logScale.clone();
            means = means.clone();
            scales = scales.clone();
        }

        /** The number of features. */
        public int dimensions() {
            return means.length;
        }

        /** The standardised copy of {@code data}. */
        public Matrix apply(Matrix data) {
            requireColumns(data.columns());
            double[] in = data.values();
            double[] out = new double[in.length];
            int d = means.length;
            for (int i = 0; i < in.length; i += d) {
                for (int j = 0; j < d; j++) {
                    out[i + j] = standardise(j, in[i + j]);
                }
            }
            return new Matrix(data.rows(), d, out);
        }

        /** One row standardised (a new customer). */
        public double[] apply(double[] row) {
            requireColumns(row.length);
            double[] out = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[j] = standardise(j, row[j]);
            }
            return out;
        }

        /** A standardised row back on the features' original scale (e.g. a centroid, to show it). */
        public double[] invert(double[] standardised) {
            requireColumns(standardised.length);
            double[] out = new double[standardised.length];
            for (int j = 0; j < out.length; j++) {
                double t = means[j] + standardised[j] * scales[j];
                out[j] = logScale[j] ? Math.copySign(Math.expm1(Math.abs(t)), t) : t;
            }
            return out;
        }

        private double standardise(int j, double x) {
            double t = logScale[j] ? Math.copySign(Math.log1p(Math.abs(x)), x) : x;
            return (t - means[j]) / scales[j];
        }

        private void requireColumns(int columns) {
            if (columns != means.length) {
                throw new IllegalArgumentException(columns + " values for a standardisation of " + means.length + " features");
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model that && Arrays.equals(logScale, that.logScale) && Arrays.equals(means, that.means)
                    && Arrays.equals(scales, that.scales);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(means) + Arrays.hashCode(scales);
        }

        @Override
        public String toString() {
            return "Standardizer.Model[logScale=" + Arrays.toString(logScale) + ", means=" + Arrays.toString(means) + ", scales="
                    + Arrays.toString(scales) + "]";
        }
    }

    /**
     * A fitted standardisation and the data it standardised.
     *
     * @param model        the standardisation
     * @param standardised the data's z-scores
     */
    public record Fitted(Model model, Matrix standardised) {
    }

    /**
     * Fits on {@code data} and standardises it in one go, transforming each value once (the same
     * result as {@code fit} then {@code apply}, for less work on large data).
     */
    public static Fitted fitApply(Matrix data, List<Feature> features) {
        boolean[] logScale = flags(data, features);
        double[] out = transformed(data, logScale);
        Model model = moments(new Matrix(data.rows(), data.columns(), out), logScale);
        int d = data.columns();
        double[] means = model.means();
        double[] scales = model.scales();
        for (int i = 0; i < out.length; i += d) {
            for (int j = 0; j < d; j++) {
                out[i + j] = (out[i + j] - means[j]) / scales[j];
            }
        }
        return new Fitted(model, new Matrix(data.rows(), d, out));
    }

    /** Fits on {@code data} with no log scale. */
    public static Model fit(Matrix data) {
        return fit(data, new boolean[data.columns()]);
    }

    /** Fits on {@code data} with each feature's own log scale; one feature per column. */
    public static Model fit(Matrix data, List<Feature> features) {
        return fit(data, flags(data, features));
    }

    /**
     * Fits on {@code data}: the values transformed, then two passes, the means, then the squared
     * deviations from them.
     *
     * @param logScale per column, whether to apply the signed log1p first
     * @throws IllegalArgumentException with no rows, a value that is NaN or infinite, or flags that do not fit
     */
    public static Model fit(Matrix data, boolean[] logScale) {
        return moments(new Matrix(data.rows(), data.columns(), transformed(data, logScale)), logScale);
    }

    private static boolean[] flags(Matrix data, List<Feature> features) {
        if (features.size() != data.columns()) {
            throw new IllegalArgumentException(features.size() + " features for " + data.columns() + " columns");
        }
        boolean[] logScale = new boolean[features.size()];
        for (int j = 0; j < logScale.length; j++) {
            logScale[j] = features.get(j).logScale();
        }
        return logScale;
    }

    /** The values with the signed log1p applied to the flagged columns, in a new array; checks shape and finiteness. */
    private static double[] transformed(Matrix data, boolean[] logScale) {
        int d = data.columns();
        if (logScale.length != d) {
            throw new IllegalArgumentException(logScale.length + " log-scale flags for " + d + " columns");
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException("cannot standardise no rows");
        }
        data.requireFinite("the data");
        double[] values = data.values();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i += d) {
            for (int j = 0; j < d; j++) {
                double x = values[i + j];
                out[i + j] = logScale[j] ? Math.copySign(Math.log1p(Math.abs(x)), x) : x;
            }
        }
        return out;
    }

    /** The means and standard deviations of already transformed values. */
    private static Model moments(Matrix transformed, boolean[] logScale) {
        int d = transformed.columns();
        double[] values = transformed.values();
        double[] means = new double[d];
        for (int i = 0; i < values.length; i += d) {
            for (int j = 0; j < d; j++) {
                means[j] += values[i + j];
            }
        }
        for (int j = 0; j < d; j++) {
            means[j] /= transformed.rows();
        }
        double[] squares = new double[d];
        for (int i = 0; i < values.length; i += d) {
            for (int j = 0; j < d; j++) {
                double deviation = values[i + j] - means[j];
                squares[j] += deviation * deviation;
            }
        }
        double[] scales = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(squares[j] / transformed.rows());
            scales[j] = sd > 1e-12 * Math.max(1, Math.abs(means[j])) ? sd : 1;
        }
        return new Model(logScale, means, scales);
    }
}
