package io.percept.analytics.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the number of clusters: k-means for every k in {@code [kMin, kMax]}, each scored by the
 * mean silhouette on one seeded sample of rows (the same sample for every k, so the scores are
 * comparable; see {@link Silhouette} for why a sample), and the k of the highest score kept, the
 * smaller k on a tie. Returns the score of every k, so a caller can show the curve or prefer a
 * nearly-as-good smaller k.
 *
 * <p>With more rows than {@link Options#fitSampleSize} (200,000 by default) the candidates are
 * fitted on a seeded uniform sample of that many rows (a segment of 0.5 % of the customers still
 * has about 1,000 points in it), at a fraction of the cost; the chosen k is then refined on all
 * rows by Lloyd's iterations from the sample's centres, so the model returned assigns every row.
 * Set it to 0 to fit every candidate on all rows.
 */
public final class KSelection {

    private KSelection() {
    }

    /**
     * @param kMin       the smallest k tried (2 or more: the silhouette of one cluster is undefined)
     * @param kMax       the largest k tried (kMin to 100, less than the number of rows)
     * @param sampleSize    the points the silhouette is computed among (10 to 50,000; O(sampleSize²) distances)
     * @param fitSampleSize the rows the candidates are fitted on when there are more (0: all rows; else 1,000 or more)
     * @param kmeans        the k-means options of every fit (their k is replaced); their seed also draws the samples
     */
    public record Options(int kMin, int kMax, int sampleSize, int fitSampleSize, KMeans.Options kmeans) {

        /** The default {@code fitSampleSize}. */
        public static final int FIT_SAMPLE_SIZE = 200_000;

        public Options {
            if (kMin < 2) {
                throw new IllegalArgumentException("kMin must be 2 or more (one cluster has no silhouette), was " + kMin);
            }
            if (kMax < kMin || kMax > 100) {
                throw new IllegalArgumentException("kMax must be between kMin (" + kMin + ") and 100, was " + kMax);
            }
            if (sampleSize < 10 || sampleSize > 50_000) {
                throw new IllegalArgumentException("sampleSize must be between 10 and 50000, was " + sampleSize);
            }
            if (fitSampleSize != 0 && fitSampleSize < 1_000) {
                throw new IllegalArgumentException("fitSampleSize must be 0 (all rows) or 1000 or more, was " + fitSampleSize);
            }
            if (kmeans == null) {
                throw new IllegalArgumentException("kmeans options must be given");
            }
        }

        /** With the default fit sample of 200,000 rows. */
        public Options(int kMin, int kMax, int sampleSize, KMeans.Options kmeans) {
            this(kMin, kMax, sampleSize, FIT_SAMPLE_SIZE, kmeans);
        }

        /** k from 2 to 10, silhouette on 4,000 points, candidates fitted on up to 200,000 rows, {@link KMeans.Options#defaults} (seed 42). */
        public static Options defaults() {
            return new Options(2, 10, 4_000, KMeans.Options.defaults(2));
        }

        public Options withRange(int newKMin, int newKMax) {
            return new Options(newKMin, newKMax, sampleSize, fitSampleSize, kmeans);
        }

        public Options withFitSampleSize(int newFitSampleSize) {
            return new Options(kMin, kMax, sampleSize, newFitSampleSize, kmeans);
        }

        public Options withKMeans(KMeans.Options newKMeans) {
            return new Options(kMin, kMax, sampleSize, fitSampleSize, newKMeans);
        }
    }

    /**
     * The score of one k.
     *
     * @param k          the number of clusters
     * @param silhouette the mean silhouette on the sample (NaN if the sample held fewer than two clusters)
     * @param inertia    the k-means inertia on the rows it was fitted on (the "elbow" curve, for reference)
     * @param iterations the k-means iterations
     * @param converged  whether k-means converged
     */
    public record Score(int k, double silhouette, double inertia, int iterations, boolean converged) {
    }

    /**
     * @param k          the chosen number of clusters
     * @param scores     the score of every k tried, in increasing k
     * @param model      the k-means model of the chosen k, on all rows
     * @param sampleSize the points the silhouettes were computed among
     * @param fitRows    the rows the candidates were fitted on
     */
    public record Result(int k, List<Score> scores, KMeans.Model model, int sampleSize, int fitRows) {

        public Result {
            scores = List.copyOf(scores);
        }
    }

    /**
     * Fits k-means for each k in the range and keeps the one of highest sampled silhouette.
     *
     * @throws IllegalArgumentException if {@code kMax} is not less than the number of rows, or a value is NaN or infinite
     */
    public static Result select(Matrix data, Options options) {
        if (options.kMax() >= data.rows()) {
            throw new IllegalArgumentException("kMax (" + options.kMax() + ") must be less than the number of rows (" + data.rows() + ")");
        }
        data.requireFinite("the data");
        long seed = options.kmeans().seed();
        Silhouette.Among sample = new Silhouette.Among(data, Silhouette.sample(data.rows(), options.sampleSize(), seed));
        Matrix sampled = data.select(sample.rows());
        boolean subsample = options.fitSampleSize() > 0 && data.rows() > options.fitSampleSize();
        Matrix fitData = subsample ? data.select(Silhouette.sample(data.rows(), options.fitSampleSize(), seed ^ 0x5DEECE66DL)) : data;
        List<Score> scores = new ArrayList<>();
        KMeans.Model best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = options.kMin(); k <= options.kMax(); k++) {
            KMeans.Model model = KMeans.fit(fitData, options.kmeans().withK(k));
            double silhouette = sample.score(model.assign(sampled), k);
            scores.add(new Score(k, silhouette, model.inertia(), model.iterations(), model.converged()));
            if (best == null || silhouette > bestScore) {
                best = model;
                bestScore = Double.isNaN(silhouette) ? Double.NEGATIVE_INFINITY : silhouette;
            }
        }
        KMeans.Model model = subsample ? KMeans.fit(data, best.centroids(), options.kmeans().withK(best.k())) : best;
        return new Result(model.k(), scores, model, sample.rows().length, fitData.rows());
    }
}
