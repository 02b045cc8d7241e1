package io.percept.analytics.recommend;

import java.util.Arrays;

/**
 * Top-N recommendations from an {@link ItemSimilarity.Model} for one user's history: each candidate
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
 * <p>One instance holds dense scratch arrays over the items (about 12 bytes per item) and is not
 * thread-safe: use one per thread. Results are deterministic.
 */
public final class Recommender {

    /**
     * @param excludeHistory whether items in the history are never recommended
     * @param repeatWeight   when history items may be recommended, the score each gets per unit of
     *                       its own weight (0 or more; ignored when they are excluded)
     */
    public record Options(boolean excludeHistory, float repeatWeight) {

        public Options {
            if (!(repeatWeight >= 0) || Float.isInfinite(repeatWeight)) {
                throw new IllegalArgumentException("repeatWeight must be finite and 0 or more, was " + repeatWeight);
            }
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
     * @param personalised how many leading items came from the similarity scores rather than popularity
     */
    public record Recommendations(int[] items, float[] scores, int personalised) {
    }

    private final ItemSimilarity.Model model;
    private final Options options;
    private final int[] popularOrder;
    private final int[] rank;
    private final int[] historyMark;
    private final int[] candidateMark;
    private final float[] score;
    private final int[] candidates;
    private int generation;

    /** A recommender over {@code model}'s items; computes the popularity order once. */
    public Recommender(ItemSimilarity.Model model, Options options) {
        this.model = model;
        this.options = options;
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
