package io.percept.analytics.cluster;

import java.util.List;

/**
 * The whole segmentation in one call: standardise the features ({@link Standardizer}, log scale
 * where a feature asks for it), cluster them with k-means (a fixed k, or the k of the best sampled
 * silhouette in a range: {@link KSelection}), and describe every cluster ({@link ClusterProfile})
 * on the features' own scale. The result assigns new customers and compares any two segments.
 */
public final class Segmentation {

    private Segmentation() {
    }

    /**
     * @param k         a fixed number of clusters, or 0 to choose it by silhouette
     * @param selection the range, sample and k-means options (with a fixed k only its k-means options are used)
     * @param profiles  how clusters are described
     */
    public record Options(int k, KSelection.Options selection, ClusterProfile.Options profiles) {

        public Options {
            if (k < 0 || k > 10_000) {
                throw new IllegalArgumentException("k must be 0 (choose) or between 1 and 10000, was " + k);
            }
            if (selection == null || profiles == null) {
                throw new IllegalArgumentException("selection and profile options must be given");
            }
        }

        /** k chosen between 2 and 10 by silhouette on 4,000 points, seed 42, labels from |SMD| ≥ 0.5, two terms. */
        public static Options defaults() {
            return new Options(0, KSelection.Options.defaults(), ClusterProfile.Options.defaults());
        }

        public Options withK(int newK) {
            return new Options(newK, selection, profiles);
        }

        public Options withRange(int kMin, int kMax) {
            return new Options(0, selection.withRange(kMin, kMax), profiles);
        }

        public Options withSeed(long seed) {
            return new Options(k, selection.withKMeans(selection.kmeans().withSeed(seed)), profiles);
        }
    }

    /**
     * @param features     the features, one per column
     * @param standardizer the standardisation fitted on the data
     * @param model        k-means on the standardised data
     * @param scores       the silhouette of every k tried (empty for a fixed k)
     * @param profiles     every cluster's description, in cluster order
     */
    public record Result(List<Feature> features, Standardizer.Model standardizer, KMeans.Model model, List<KSelection.Score> scores,
            List<ClusterProfile> profiles) {

        public Result {
            features = List.copyOf(features);
            scores = List.copyOf(scores);
            profiles = List.copyOf(profiles);
        }

        /** The number of clusters. */
        public int k() {
            return model.k();
        }

        /** Each customer's cluster, in row order. */
        public int[] assignments() {
            return model.assignments();
        }

        /** The cluster of a new customer, given by its features on their own scale. */
        public int assign(double[] row) {
            return model.assign(standardizer.apply(row));
        }

        /** The centre of {@code cluster} back on the features' own scale (log-scale features: a geometric-mean-like centre). */
        public double[] centroid(int cluster) {
            return standardizer.invert(model.centroid(cluster));
        }
    }

    /** Segments {@code rows} whose columns are the named features, with {@link Feature#standard} words and the default options. */
    public static Result run(double[][] rows, String... featureNames) {
        return run(Matrix.of(rows), Feature.standard(featureNames), Options.defaults());
    }

    /** Segments {@code rows}, one column per feature. */
    public static Result run(double[][] rows, List<Feature> features, Options options) {
        return run(Matrix.of(rows), features, options);
    }

    /**
     * Segments the rows of {@code data}, one column per feature, on the features' own scale.
     *
     * @throws IllegalArgumentException if the features do not fit the columns, a value is NaN or
     *                                  infinite, or there are too few rows for the k asked (a range is cut to at most n - 1)
     */
    public static Result run(Matrix data, List<Feature> features, Options options) {
        if (features.size() != data.columns()) {
            throw new IllegalArgumentException(features.size() + " features for " + data.columns() + " columns");
        }
        Standardizer.Fitted fitted = Standardizer.fitApply(data, features);
        Standardizer.Model standardizer = fitted.model();
        Matrix z = fitted.standardised();
        KMeans.Model model;
        List<KSelection.Score> scores;
        if (options.k() > 0) {
            model = KMeans.fit(z, options.selection().kmeans().withK(options.k()));
            scores = List.of();
        } else {
            KSelection.Options selection = options.selection();
            int kMax = Math.min(selection.kMax(), data.rows() - 1);
            if (kMax < selection.kMin()) {
                throw new IllegalArgumentException(data.rows() + " rows are too few to choose k from " + selection.kMin());
            }
            KSelection.Result chosen = KSelection.select(z, selection.withRange(selection.kMin(), kMax));
            model = chosen.model();
            scores = chosen.scores();
        }
        List<ClusterProfile> profiles = ClusterProfile.describe(data, model.assignments(), model.k(), features, options.profiles());
        return new Result(features, standardizer, model, scores, profiles);
    }

    /** Compares segment {@code a} with segment {@code b} of a result on the data it was made from. */
    public static SegmentComparison.Comparison compare(Matrix data, Result result, int a, int b) {
        return SegmentComparison.compare(data, result.assignments(), a, b, result.features());
    }
}
