package io.percept.analytics.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What differs between two groups of customers (two segments, or a segment and everyone else):
 * per feature each group's mean and standard deviation, an effect size and a test, with
 * Benjamini-Hochberg q-values across the features, sorted by the size of the effect.
 *
 * <ul>
 *   <li>Continuous features: Cohen's d with the pooled standard deviation and Hedges' g (d with the
 *       small-sample correction; the effect size used for sorting), and Welch's t-test, which does
 *       not assume equal variances.</li>
 *   <li>Indicator (0/1) features: the difference in proportions, Cohen's h (the effect size used
 *       for sorting, on the same scale as d: 0.2 small, 0.5 medium, 0.8 large) and the pooled
 *       two-proportion z-test.</li>
 * </ul>
 *
 * Means, standard deviations and the difference are on the features' own scale, for display; the
 * effect sizes and the t-test of a feature declared on a log scale ({@link Feature#logScale()}) are
 * computed on {@code sign(x) log1p(|x|)}, where money and counts are far closer to normal and a few
 * very large customers do not decide the result. With hundreds of thousands of customers almost
 * every difference is significant: read the effect size first, the q-value second.
 */
public final class SegmentComparison {

    private SegmentComparison() {
    }

    /** The effect size a row is sorted by. */
    public enum EffectMeasure {
        /** Hedges' g: Cohen's d corrected for small samples (continuous features). */
        HEDGES_G,
        /** Cohen's h: the difference of arcsine-square-root proportions (indicator features). */
        COHENS_H
    }

    /**
     * One feature compared.
     *
     * @param feature          the feature
     * @param meanA            group A's mean (its proportion of 1s for an indicator), on the feature's own scale
     * @param sdA              group A's sample standard deviation, on the feature's own scale
     * @param meanB            group B's mean
     * @param sdB              group B's sample standard deviation
     * @param difference       {@code meanA - meanB}
     * @param cohensD          Cohen's d, A minus B, on the analysis scale (log for log-scale features)
     * @param hedgesG          Hedges' g, A minus B, on the analysis scale
     * @param measure          which effect size {@code effectSize} is
     * @param effectSize       Hedges' g (continuous) or Cohen's h (indicator); positive when A is higher
     * @param test             {@code welch-t} or {@code two-proportion-z}
     * @param statistic        t or z
     * @param degreesOfFreedom Welch-Satterthwaite degrees of freedom; infinite for z
     * @param pValue           the two-sided p-value
     * @param qValue           the Benjamini-Hochberg adjusted p-value across the compared features
     */
    public record FeatureDifference(Feature feature, double meanA, double sdA, double meanB, double sdB, double difference, double cohensD,
            double hedgesG, EffectMeasure measure, double effectSize, String test, double statistic, double degreesOfFreedom, double pValue,
            double qValue) {
    }

    /**
     * @param sizeA       group A's number of customers
     * @param sizeB       group B's
     * @param differences one row per feature, largest |effect size| first (then feature order)
     */
    public record Comparison(int sizeA, int sizeB, List<FeatureDifference> differences) {

        public Comparison {
            differences = List.copyOf(differences);
        }

        /** The rows whose q-value is at most {@code alpha} and |effect size| at least {@code minEffect}, in order. */
        public List<FeatureDifference> significant(double alpha, double minEffect) {
            return differences.stream().filter(d -> d.qValue() <= alpha && Math.abs(d.effectSize()) >= minEffect).toList();
        }
    }

    /** Compares cluster {@code a} with cluster {@code b} of {@code data} as labelled. */
    public static Comparison compare(Matrix data, int[] labels, int a, int b, List<Feature> features) {
        if (a == b) {
            throw new IllegalArgumentException("compare two different clusters, not " + a + " with itself");
        }
        return compare(data.rowsLabelled(labels, a), data.rowsLabelled(labels, b), features);
    }

    /** Compares cluster {@code a} with every row not in it. */
    public static Comparison compareWithRest(Matrix data, int[] labels, int a, List<Feature> features) {
        if (labels.length != data.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + data.rows() + " rows");
        }
        int[] inOrOut = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            inOrOut[i] = labels[i] == a ? 0 : 1;
        }
        return compare(data.rowsLabelled(inOrOut, 0), data.rowsLabelled(inOrOut, 1), features);
    }

    /**
     * Compares group {@code a} with group {@code b}: the same features, one per column.
     *
     * @throws IllegalArgumentException if the columns do not match the features, a group has fewer
     *                                  than two rows, a value is NaN or infinite, or an indicator is not 0 or 1
     */
    public static Comparison compare(Matrix a, Matrix b, List<Feature> features) {
        int d = features.size();
        if (a.columns() != d || b.columns() != d) {
            throw new IllegalArgumentException("groups of " + a.columns() + " and " + b.columns() + " columns for " + d + " features");
        }
        if (a.rows() < 2 || b.rows() < 2) {
            throw new IllegalArgumentException("each group needs two or more rows, had " + a.rows() + " and " + b.rows());
        }
        a.requireFinite("group A");
        b.requireFinite("group B");
        List<FeatureDifference> rows = new ArrayList<>();
        double[] pValues = new double[d];
        for (int j = 0; j < d; j++) {
            Feature feature = features.get(j);
            Moments rawA = Moments.of(a, j, null);
            Moments rawB = Moments.of(b, j, null);
            double meanA = rawA.mean();
            double meanB = rawB.mean();
            if (feature.kind() == Feature.Kind.INDICATOR) {
                long onesA = Moments.ones(a, j, feature);
                long onesB = Moments.ones(b, j, feature);
                double d1 = Significance.cohensD(meanA, rawA.variance(), a.rows(), meanB, rawB.variance(), b.rows());
                double g = d1 * Significance.hedgesCorrection(a.rows(), b.rows());
                Significance.Test test = Significance.twoProportions(onesA, a.rows(), onesB, b.rows());
                pValues[j] = test.pValue();
                rows.add(new FeatureDifference(feature, meanA, rawA.sd(), meanB, rawB.sd(), meanA - meanB, d1, g, EffectMeasure.COHENS_H,
                        Significance.cohensH(meanA, meanB), "two-proportion-z", test.statistic(), test.degreesOfFreedom(), test.pValue(),
                        Double.NaN));
            } else {
                Moments scaledA = feature.logScale() ? Moments.of(a, j, feature) : rawA;
                Moments scaledB = feature.logScale() ? Moments.of(b, j, feature) : rawB;
                double d1 = Significance.cohensD(scaledA.mean(), scaledA.variance(), a.rows(), scaledB.mean(), scaledB.variance(), b.rows());
                double g = d1 * Significance.hedgesCorrection(a.rows(), b.rows());
                Significance.Test test = Significance.welch(scaledA.mean(), scaledA.variance(), a.rows(), scaledB.mean(), scaledB.variance(),
                        b.rows());
                pValues[j] = test.pValue();
                rows.add(new FeatureDifference(feature, meanA, rawA.sd(), meanB, rawB.sd(), meanA - meanB, d1, g, EffectMeasure.HEDGES_G, g,
                        "welch-t", test.statistic(), test.degreesOfFreedom(), test.pValue(), Double.NaN));
            }
        }
        double[] q = Significance.benjaminiHochberg(pValues);
        List<FeatureDifference> adjusted = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            FeatureDifference r = rows.get(j);
            adjusted.add(new FeatureDifference(r.feature(), r.meanA(), r.sdA(), r.meanB(), r.sdB(), r.difference(), r.cohensD(), r.hedgesG(),
                    r.measure(), r.effectSize(), r.test(), r.statistic(), r.degreesOfFreedom(), r.pValue(), q[j]));
        }
        List<FeatureDifference> sorted = new ArrayList<>(adjusted);
        sorted.sort(Comparator.comparingDouble((FeatureDifference r) -> -Math.abs(r.effectSize())));
        return new Comparison(a.rows(), b.rows(), sorted);
    }

    /** The mean and unbiased variance of one column, two-pass, optionally on a feature's transformed scale. */
    record Moments(double mean, double variance) {

        double sd() {
            return Math.sqrt(variance);
        }

        static Moments of(Matrix data, int column, Feature transform) {
            int n = data.rows();
            int d = data.columns();
            double[] x = data.values();
            double sum = 0;
            for (int i = column; i < x.length; i += d) {
                sum += transform == null ? x[i] : transform.transform(x[i]);
            }
            double mean = sum / n;
            double squares = 0;
            for (int i = column; i < x.length; i += d) {
                double deviation = (transform == null ? x[i] : transform.transform(x[i])) - mean;
                squares += deviation * deviation;
            }
            return new Moments(mean, n > 1 ? squares / (n - 1) : 0);
        }

        /** The count of 1s in an indicator column; throws on a value other than 0 or 1. */
        static long ones(Matrix data, int column, Feature feature) {
            long ones = 0;
            double[] x = data.values();
            for (int i = column; i < x.length; i += data.columns()) {
                if (x[i] == 1) {
                    ones++;
                } else if (x[i] != 0) {
                    throw new IllegalArgumentException("indicator feature " + feature.name() + " has the value " + x[i] + ", not 0 or 1");
                }
            }
            return ones;
        }
    }
}
