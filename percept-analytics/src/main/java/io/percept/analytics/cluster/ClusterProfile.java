package io.percept.analytics.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What characterises one cluster: its size and share, per feature its mean against the population's
 * as a standardised mean difference (and against the rest of the customers as Cohen's d), the lift
 * of indicator features, and a bilingual label composed from the features that distinguish it most
 * (e.g. {@code 高价值-近期活跃} / {@code High value, recently active}).
 *
 * <p>The standardised mean difference against the population is {@code (mean_cluster - mean_all) /
 * sd_all} (population sd) on each feature's analysis scale (signed log1p for log-scale features,
 * see {@link Feature}); for an indicator it is {@code (p_cluster - p_all) / sqrt(p_all (1 - p_all))},
 * the same formula on 0/1 values, so continuous and indicator features rank on one scale. A feature
 * enters the label when |SMD| is at least {@link Options#minEffect} (0.5 by default: a "medium"
 * effect in Cohen's terms) and the feature has words for that direction; the largest |SMD| come
 * first, up to {@link Options#maxTerms}. When two clusters would get the same label, theirs grow by
 * further distinguishing terms, and a number is appended if they are still equal.
 *
 * @param cluster     the cluster's index
 * @param size        its number of customers
 * @param share       {@code size / n}
 * @param features    one row per feature, in feature order
 * @param terms       the distinguishing features the label is made of, in label order
 * @param label       the label
 */
public record ClusterProfile(int cluster, int size, double share, List<FeatureProfile> features, List<Term> terms, Feature.Words label) {

    public ClusterProfile {
        features = List.copyOf(features);
        terms = List.copyOf(terms);
    }

    /**
     * @param minEffect the |standardised mean difference| a feature needs to enter a label (0 or more)
     * @param maxTerms  the terms a label has at most before duplicates are told apart (1 to 10)
     * @param typical   the label of a cluster no feature distinguishes
     */
    public record Options(double minEffect, int maxTerms, Feature.Words typical) {

        public Options {
            if (!(minEffect >= 0) || Double.isInfinite(minEffect)) {
                throw new IllegalArgumentException("minEffect must be finite and 0 or more, was " + minEffect);
            }
            if (maxTerms < 1 || maxTerms > 10) {
                throw new IllegalArgumentException("maxTerms must be between 1 and 10, was " + maxTerms);
            }
            if (typical == null) {
                throw new IllegalArgumentException("typical words must be given");
            }
        }

        /** |SMD| at least 0.5, two terms, "普通客户" / "Typical customers". */
        public static Options defaults() {
            return new Options(0.5, 2, new Feature.Words("普通客户", "Typical customers"));
        }
    }

    /**
     * One feature in one cluster.
     *
     * @param feature        the feature
     * @param mean           the cluster's mean, on the feature's own scale (a proportion for an indicator)
     * @param populationMean everyone's mean, on the feature's own scale
     * @param smdPopulation  the standardised mean difference against the population, on the analysis scale
     * @param dVersusRest    Cohen's d against the customers outside the cluster, on the analysis scale (NaN with none outside)
     * @param lift           for an indicator, {@code p_cluster / p_all} (NaN when no one has it); NaN for continuous features
     */
    public record FeatureProfile(Feature feature, double mean, double populationMean, double smdPopulation, double dVersusRest, double lift) {
    }

    /**
     * One distinguishing feature in a label.
     *
     * @param feature the feature
     * @param high    whether the cluster is high on it
     * @param words   the words used
     * @param smd     its standardised mean difference against the population
     */
    public record Term(Feature feature, boolean high, Feature.Words words, double smd) {
    }

    /** {@link #describe(Matrix, int[], int, List, Options)} with the default options. */
    public static List<ClusterProfile> describe(Matrix data, int[] labels, int k, List<Feature> features) {
        return describe(data, labels, k, features, Options.defaults());
    }

    /**
     * The profile of every cluster, in cluster order.
     *
     * @param data     the features on their own scale (not standardised), one column per feature
     * @param labels   each row's cluster, in [0, k)
     * @param k        the number of clusters
     * @param features the columns' features
     * @throws IllegalArgumentException if the shapes do not fit, a value is NaN or infinite, or an indicator is not 0 or 1
     */
    public static List<ClusterProfile> describe(Matrix data, int[] labels, int k, List<Feature> features, Options options) {
        int n = data.rows();
        int d = data.columns();
        if (features.size() != d) {
            throw new IllegalArgumentException(features.size() + " features for " + d + " columns");
        }
        if (labels.length != n || n == 0) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " rows (at least one needed)");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be 1 or more, was " + k);
        }
        data.requireFinite("the data");
        double[] x = data.values();
        int[] sizes = new int[k];
        double[] raw = new double[k * d];
        double[] sums = new double[k * d];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("label " + c + " is not a cluster of " + k);
            }
            sizes[c]++;
            for (int j = 0; j < d; j++) {
                double value = x[i * d + j];
                Feature feature = features.get(j);
                if (feature.kind() == Feature.Kind.INDICATOR && value != 0 && value != 1) {
                    throw new IllegalArgumentException("indicator feature " + feature.name() + " has the value " + value + ", not 0 or 1");
                }
                raw[c * d + j] += value;
                sums[c * d + j] += feature.transform(value);
            }
        }
        double[] populationRaw = new double[d];
        double[] populationMean = new double[d];
        double[] means = new double[k * d];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < k; c++) {
                populationRaw[j] += raw[c * d + j];
                populationMean[j] += sums[c * d + j];
                means[c * d + j] = sizes[c] > 0 ? sums[c * d + j] / sizes[c] : Double.NaN;
            }
            populationRaw[j] /= n;
            populationMean[j] /= n;
        }
        // second pass: squared deviations from each cluster's own mean
        double[] squares = new double[k * d];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            for (int j = 0; j < d; j++) {
                double deviation = features.get(j).transform(x[i * d + j]) - means[c * d + j];
                squares[c * d + j] += deviation * deviation;
            }
        }
        List<List<Term>> candidates = new ArrayList<>();
        List<List<FeatureProfile>> rows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<FeatureProfile> profile = new ArrayList<>();
            List<Term> terms = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                Feature feature = features.get(j);
                double total = 0;
                for (int other = 0; other < k; other++) {
                    if (sizes[other] > 0) {
                        double offset = means[other * d + j] - populationMean[j];
                        total += squares[other * d + j] + sizes[other] * offset * offset;
                    }
                }
                double populationSd = Math.sqrt(total / n);
                double mean = means[c * d + j];
                double smd = sizes[c] == 0 ? Double.NaN : populationSd > 0 ? (mean - populationMean[j]) / populationSd : 0;
                double dRest = Double.NaN;
                int rest = n - sizes[c];
                if (sizes[c] > 0 && rest > 0) {
                    double restMean = (populationMean[j] * n - mean * sizes[c]) / rest;
                    double restSquares = 0;
                    for (int other = 0; other < k; other++) {
                        if (other != c && sizes[other] > 0) {
                            double offset = means[other * d + j] - restMean;
                            restSquares += squares[other * d + j] + sizes[other] * offset * offset;
                        }
                    }
                    if (sizes[c] + rest > 2) {
                        double pooled = Math.sqrt((squares[c * d + j] + restSquares) / (sizes[c] + rest - 2));
                        double difference = mean - restMean;
                        dRest = pooled > 0 ? difference / pooled : difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
                    }
                }
                double lift = Double.NaN;
                if (feature.kind() == Feature.Kind.INDICATOR && populationRaw[j] > 0 && sizes[c] > 0) {
                    lift = raw[c * d + j] / sizes[c] / populationRaw[j];
                }
                double clusterRaw = sizes[c] > 0 ? raw[c * d + j] / sizes[c] : Double.NaN;
                profile.add(new FeatureProfile(feature, clusterRaw, populationRaw[j], smd, dRest, lift));
                Feature.Words words = smd > 0 ? feature.high() : feature.low();
                if (words != null && Math.abs(smd) >= options.minEffect() && smd != 0) {
                    terms.add(new Term(feature, smd > 0, words, smd));
                }
            }
            terms.sort(Comparator.comparingDouble((Term t) -> -Math.abs(t.smd())));
            candidates.add(distinctWords(terms));
            rows.add(profile);
        }
        int[] used = new int[k];
        for (int c = 0; c < k; c++) {
            used[c] = Math.min(options.maxTerms(), candidates.get(c).size());
        }
        // grow the labels of clusters that share one while they have terms left
        boolean grew = true;
        while (grew) {
            grew = false;
            Map<String, List<Integer>> byLabel = new HashMap<>();
            for (int c = 0; c < k; c++) {
                byLabel.computeIfAbsent(label(candidates.get(c).subList(0, used[c]), options).zh(), key -> new ArrayList<>()).add(c);
            }
            for (List<Integer> same : byLabel.values()) {
                if (same.size() > 1) {
                    for (int c : same) {
                        if (used[c] < candidates.get(c).size()) {
                            used[c]++;
                            grew = true;
                        }
                    }
                }
            }
        }
        List<ClusterProfile> profiles = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < k; c++) {
            List<Term> terms = candidates.get(c).subList(0, used[c]);
            Feature.Words label = label(terms, options);
            int count = seen.merge(label.zh(), 1, Integer::sum);
            if (count > 1) {
                label = new Feature.Words(label.zh() + " #" + count, label.en() + " #" + count);
            }
            profiles.add(new ClusterProfile(c, sizes[c], (double) sizes[c] / n, rows.get(c), terms, label));
        }
        return List.copyOf(profiles);
    }

    /** The terms without those whose words an earlier, stronger term already says (monetary and revenue: both 高价值). */
    private static List<Term> distinctWords(List<Term> terms) {
        List<Term> distinct = new ArrayList<>();
        for (Term term : terms) {
            if (distinct.stream().noneMatch(t -> t.words().zh().equals(term.words().zh()) || t.words().en().equals(term.words().en()))) {
                distinct.add(term);
            }
        }
        return distinct;
    }

    /** Chinese terms joined by "-", English ones by ", " with the later ones in lower case (unless an acronym). */
    static Feature.Words label(List<Term> terms, Options options) {
        if (terms.isEmpty()) {
            return options.typical();
        }
        StringBuilder zh = new StringBuilder();
        StringBuilder en = new StringBuilder();
        for (Term term : terms) {
            if (zh.length() > 0) {
                zh.append('-');
                en.append(", ").append(lowerFirst(term.words().en()));
            } else {
                en.append(term.words().en());
            }
            zh.append(term.words().zh());
        }
        return new Feature.Words(zh.toString(), en.toString());
    }

    private static String lowerFirst(String words) {
        if (words.length() > 1 && Character.isUpperCase(words.charAt(1))) {
            return words;
        }
        return words.substring(0, 1).toLowerCase(Locale.ROOT) + words.substring(1);
    }
}
