package io.percept.analytics.recommend;

import java.util.Arrays;

/**
 * Top-N recommendations from item-to-item neighbour lists ({@link ItemNeighbours}: an
 * {@link ItemSimilarity.Model} or an {@link Ease.Model}) for one user's history: each candidate
 * j scores Σ<sub>i ∈ history</sub> w<sub>i</sub> · sim(i → j) over the history items' kept
 * neighbours, with w<sub>i</sub> the caller's weight of i (e.g. purchases × a recency decay). The
 * best-scoring candidates come first (ties: the more popular, then the lower id); when the history
 * is empty or yields fewer than N candidates, the rest is filled with the most popular items not
 * already chosen or excluded.
 *
 * <p>Already-bought items are excluded by default ({@link Options#excludeHistory}); for catalogues of
 * repeat purchases (groceries, consumables) they may stay, each history item then also scoring
 * {@link Options#repeatWeight} × its own weight. {@link #popular} is the popularity baseline under
 * the same exclusion.
 *
 * <p>Optionally a non-personalised trend (e.g. {@link Popularity#recent recency-weighted popularity})
 * is blended in: with {@link Options#trendWeight} γ &gt; 0 each candidate scores
 * s<sub>j</sub> / max<sub>k</sub> s<sub>k</sub> + γ · t<sub>j</sub> / max t, the personal scores scaled to
 * at most 1 per user and the trend to at most 1 overall, and items trending strongly enough compete
 * even without a personal score (a linear blend of a personalised and a time-aware popularity
 * ranker, as in hybrid recommenders; Burke, "Hybrid recommender systems", UMUAI 12(4), 2002).
 *
 * <p>One instance holds dense scratch arrays over the items (about 12 bytes per item) and is not
 * thread-safe: use one per thread. Results are deterministic.
 */
public final class Recommender {

    /**
     * @param excludeHistory whether items in the history are never recommended
     * @param repeatWeight   when history items may be recommended, the score each gets per unit of
     *                       its own weight (0 or more; ignored when they are excluded)
     * @param trendWeight    γ, the weight of the trend against the user's scaled personal scores (0 for
     *                       none; a positive γ needs a trend given to the recommender)
     */
    public record Options(boolean excludeHistory, float repeatWeight, float trendWeight) {

        public Options {
            if (!(repeatWeight >= 0) || Float.isInfinite(repeatWeight)) {
                throw new IllegalArgumentException("repeatWeight must be finite and 0 or more, was " + repeatWeight);
            }
            if (!(trendWeight >= 0) || Float.isInfinite(trendWeight)) {
                throw new IllegalArgumentException("trendWeight must be finite and 0 or more, was " + trendWeight);
            }
        }

        /** Without a trend. */
        public Options(boolean excludeHistory, float repeatWeight) {
            this(excludeHistory, repeatWeight, 0f);
        }

        /** These options with the trend blended in at weight {@code gamma}. */
        public Options withTrend(float gamma) {
            return new Options(excludeHistory, repeatWeight, gamma);
        }

        /** Excludes what the user already has. */
        public static Options excludingHistory() {
            return new Options(true, 0f);
        }

        /** Lets history items be bought again, each scoring {@code repeatWeight} × its weight on top of its neighbours' votes. */
        public static Options allowingRepeats(float repeatWeight) {
            return new Options(false, repeatWeight);
        }
    }

    /**
     * A user's recommendations, best first.
     *
     * @param items        the recommended items
     * @param scores       their scores (0 for popularity fill-ins)
     * @param personalised how many leading items came from the scores (similarities, and the trend when blended) rather than the popularity fill-in
     */
    public record Recommendations(int[] items, float[] scores, int personalised) {
    }

    private final ItemNeighbours model;
    private final Options options;
    private final float[] trend;
    private final int[] trendOrder;
    private final int[] popularOrder;
    private final int[] rank;
    private final int[] historyMark;
    private final int[] candidateMark;
    private final float[] score;
    private final int[] candidates;
    private int generation;

    /** A recommender over {@code model}'s items without a trend; computes the popularity order once. */
    public Recommender(ItemNeighbours model, Options options) {
        this(model, options, null);
    }

    /**
     * A recommender over {@code model}'s items blending in {@code trend} (one figure of 0 or more per
     * item, e.g. {@link Popularity#recent}; may be null when {@link Options#trendWeight} is 0).
     */
    public Recommender(ItemNeighbours model, Options options, float[] trend) {
        this.model = model;
        this.options = options;
        if (options.trendWeight() > 0) {
            if (trend == null || trend.length != model.items()) {
                throw new IllegalArgumentException("a trend weight needs one trend figure per item");
            }
            float max = 0f;
            for (float t : trend) {
                if (!(t >= 0) || Float.isInfinite(t)) {
                    throw new IllegalArgumentException("trend figures must be finite and 0 or more, was " + t);
                }
                max = Math.max(max, t);
            }
            this.trend = new float[trend.length];
            long[] keyed = new long[trend.length];
            for (int i = 0; i < trend.length; i++) {
                this.trend[i] = max > 0 ? trend[i] / max : 0f;
                // non-negative floats order as their bits: highest first, then the lower id
                keyed[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(this.trend[i])) << 32) | i;
            }
            Arrays.sort(keyed);
            this.trendOrder = new int[trend.length];
            for (int k = 0; k < trend.length; k++) {
                trendOrder[k] = (int) keyed[k];
            }
        } else {
            this.trend = null;
            this.trendOrder = null;
        }
        this.popularOrder = model.popularityOrder();
        this.rank = new int[model.items()];
        for (int r = 0; r < popularOrder.length; r++) {
            rank[popularOrder[r]] = r;
        }
        this.historyMark = new int[model.items()];
        this.candidateMark = new int[model.items()];
        this.score = new float[model.items()];
        this.candidates = new int[model.items()];
    }

    /** The top {@code n} for a history of {@code items} with {@code weights} alongside (repeats allowed, weights add). */
    public Recommendations recommend(int[] items, float[] weights, int n) {
        int[] out = new int[n];
        float[] scores = new float[n];
        int personalised = personalise(items, weights, 0, items.length, n, out, scores);
        int count = fill(n, out, scores, personalised);
        return new Recommendations(Arrays.copyOf(out, count), Arrays.copyOf(scores, count), personalised);
    }

    /**
     * The allocation-free form: writes up to {@code n} items best first into {@code out} (and their
     * scores into {@code outScores}, which may be null), popularity fill-ins included; returns how many.
     */
    public int recommendInto(int[] items, float[] weights, int n, int[] out, float[] outScores) {
        return recommendInto(items, weights, 0, items.length, n, out, outScores);
    }

    /** As {@link #recommendInto(int[], float[], int, int[], float[])} for the history {@code items[from..to)}, {@code weights[from..to)}. */
    public int recommendInto(int[] items, float[] weights, int from, int to, int n, int[] out, float[] outScores) {
        int personalised = personalise(items, weights, from, to, n, out, outScores);
        return fill(n, out, outScores, personalised);
    }

    /** The popularity baseline: the {@code n} most popular items, under the same exclusion of {@code history}; returns how many. */
    public int popular(int[] history, int n, int[] out) {
        return popular(history, 0, history.length, n, out);
    }

    /** As {@link #popular(int[], int, int[])} for the history {@code history[from..to)}. */
    public int popular(int[] history, int from, int to, int n, int[] out) {
        if (n < 1 || out.length < n) {
            throw new IllegalArgumentException("n must be at least 1 and fit the output, was " + n);
        }
        mark(history, from, to);
        return fill(n, out, null, 0);
    }

    /** Scores the candidates and writes the personalised ones; returns how many. Leaves the history marked. */
    private int personalise(int[] items, float[] weights, int from, int to, int n, int[] out, float[] outScores) {
        if (n < 1 || out.length < n || (outScores != null && outScores.length < n)) {
            throw new IllegalArgumentException("n must be at least 1 and fit the output, was " + n);
        }
        if (from < 0 || to > items.length || to > weights.length || from > to) {
            throw new IllegalArgumentException("the history range [" + from + ", " + to + ") does not fit the items and weights");
        }
        mark(items, from, to);
        int gen = generation;
        int[] start = model.start();
        int[] neighbours = model.neighbours();
        float[] similarities = model.similarities();
        boolean exclude = options.excludeHistory();
        int count = 0;
        for (int h = from; h < to; h++) {
            float w = weights[h];
            int i = items[h];
            if (!exclude && options.repeatWeight() > 0) {
                if (candidateMark[i] != gen) {
                    candidateMark[i] = gen;
                    score[i] = 0f;
                    candidates[count++] = i;
                }
                score[i] += options.repeatWeight() * w;
            }
            for (int p = start[i]; p < start[i + 1]; p++) {
                int j = neighbours[p];
                if (exclude && historyMark[j] == gen) {
                    continue;
                }
                if (candidateMark[j] != gen) {
                    candidateMark[j] = gen;
                    score[j] = 0f;
                    candidates[count++] = j;
                }
                score[j] += w * similarities[p];
            }
        }
        if (trend != null) {
            count = blendTrend(count, n, gen, exclude);
        }
        // best n by score, then popularity rank, then id: a bounded selection over the candidates
        int kept = 0;
        for (int c = 0; c < count; c++) {
            int j = candidates[c];
            float s = score[j];
            if (!(s > 0)) {
                continue;
            }
            if (kept < n) {
                int at = kept++;
                while (at > 0 && before(j, s, out[at - 1], score[out[at - 1]])) {
                    out[at] = out[at - 1];
                    at--;
                }
                out[at] = j;
            } else if (before(j, s, out[n - 1], score[out[n - 1]])) {
                int at = n - 1;
                while (at > 0 && before(j, s, out[at - 1], score[out[at - 1]])) {
                    out[at] = out[at - 1];
                    at--;
                }
                out[at] = j;
            }
        }
        if (outScores != null) {
            for (int k = 0; k < kept; k++) {
                outScores[k] = score[out[k]];
            }
        }
        return kept;
    }

    /**
     * Scales the candidates' scores to at most 1, adds γ × their trend, and adds as candidates the n
     * most trending items that are neither candidates nor excluded; returns the new candidate count.
     */
    private int blendTrend(int count, int n, int gen, boolean exclude) {
        float max = 0f;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, score[candidates[c]]);
        }
        float scale = max > 0 ? 1f / max : 0f;
        float gamma = options.trendWeight();
        for (int c = 0; c < count; c++) {
            int j = candidates[c];
            score[j] = score[j] * scale + gamma * trend[j];
        }
        int added = 0;
        for (int r = 0; r < trendOrder.length && added < n; r++) {
            int j = trendOrder[r];
            if (!(trend[j] > 0)) {
                break;
            }
            if ((exclude && historyMark[j] == gen) || candidateMark[j] == gen) {
                continue;
            }
            candidateMark[j] = gen;
            score[j] = gamma * trend[j];
            candidates[count++] = j;
            added++;
        }
        return count;
    }

    private boolean before(int a, float sa, int b, float sb) {
        return sa > sb || (sa == sb && rank[a] < rank[b]);
    }

    /** Starts a new generation and marks the history items. */
    private void mark(int[] history, int from, int to) {
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(historyMark, 0);
            Arrays.fill(candidateMark, 0);
            generation = 1;
        }
        for (int h = from; h < to; h++) {
            historyMark[history[h]] = generation;
        }
    }

    /** Appends the most popular items that are neither chosen ({@code out[0..from)}) nor excluded, up to n. */
    private int fill(int n, int[] out, float[] outScores, int from) {
        int gen = generation;
        int count = from;
        boolean exclude = options.excludeHistory();
        // the chosen ones are few: check them directly rather than marking
        for (int r = 0; r < popularOrder.length && count < n; r++) {
            int j = popularOrder[r];
            if (exclude && historyMark[j] == gen) {
                continue;
            }
            boolean chosen = false;
            for (int k = 0; k < from; k++) {
                if (out[k] == j) {
                    chosen = true;
                    break;
                }
            }
            if (!chosen) {
                if (outScores != null) {
                    outScores[count] = 0f;
                }
                out[count++] = j;
            }
        }
        return count;
    }
}
