package io.percept.analytics.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Emerging themes: keywords that are newly frequent in the current window's texts (typically this
 * week's negative texts) compared with a baseline (the weeks before), grouped into themes by
 * co-occurrence in the same current texts.
 *
 * <p>A text is a collection of keywords; repeats within a text count once. For each keyword, c of
 * the N current texts and b of the M baseline texts contain it. It is emerging when
 * <ul>
 *   <li>c ≥ {@link Options#minSupport},</li>
 *   <li>its lift c / E ≥ {@link Options#minLift}, where E = N · (b + α) / (M + 2α) is the count
 *       expected from the baseline's share of texts, smoothed additively by α
 *       ({@link Options#smoothing}) so that a keyword never seen before has a finite lift and a
 *       short baseline weighs less, and</li>
 *   <li>its score ≥ {@link Options#minScore}: the log-likelihood ratio G² of the 2×2 table
 *       (contains the keyword or not × current or baseline), signed negative when the current
 *       share is the lower (see {@link #logLikelihoodRatio}).</li>
 * </ul>
 * Rates are per text, not per window, so a busier week does not make every keyword emerge; the
 * baseline's length in windows only scales {@link Theme#baselinePerWindow}. Without a baseline
 * nothing emerges (E is then N/2).
 *
 * <p>Emerging keywords, most significant first, are grouped greedily: each keyword not yet in a
 * theme starts one and takes every later free keyword whose set of current texts has a Jaccard
 * similarity of at least {@link Options#minJaccard} with its own. A theme's counts, lift and score
 * are those of "contains any of its keywords"; themes are ranked by score.
 *
 * <p>A pure, deterministic function of its arguments.
 */
public final class EmergingThemes {

    /**
     * @param minSupport the fewest current texts a keyword must occur in (at least 1)
     * @param minLift    the least ratio of current count to baseline-expected count (at least 1)
     * @param minScore   the least log-likelihood ratio G² (at least 0; 10.83 is p = 0.001 for one
     *                   keyword under χ² with one degree of freedom, but many keywords are tested)
     * @param smoothing  the additive smoothing α of the baseline share (greater than 0; 1 is Laplace's)
     * @param minJaccard the least Jaccard similarity of two keywords' current texts for them to share
     *                   a theme (greater than 0, at most 1)
     * @param examples   the most example texts per theme (at least 0)
     */
    public record Options(int minSupport, double minLift, double minScore, double smoothing, double minJaccard, int examples) {

        public Options {
            if (minSupport < 1) {
                throw new IllegalArgumentException("minSupport must be at least 1, was " + minSupport);
            }
            if (!(minLift >= 1) || Double.isInfinite(minLift)) {
                throw new IllegalArgumentException("minLift must be finite and at least 1, was " + minLift);
            }
            if (!(minScore >= 0) || Double.isInfinite(minScore)) {
                throw new IllegalArgumentException("minScore must be finite and at least 0, was " + minScore);
            }
            if (!(smoothing > 0) || Double.isInfinite(smoothing)) {
                throw new IllegalArgumentException("smoothing must be finite and positive, was " + smoothing);
            }
            if (!(minJaccard > 0 && minJaccard <= 1)) {
                throw new IllegalArgumentException("minJaccard must be in (0, 1], was " + minJaccard);
            }
            if (examples < 0) {
                throw new IllegalArgumentException("examples must be at least 0, was " + examples);
            }
        }

        /** At least 5 texts, lift 3, G² 10.83, Laplace smoothing, Jaccard 0.3, 3 examples. */
        public static Options defaults() {
            return new Options(5, 3, 10.83, 1, 0.3, 3);
        }
    }

    /**
     * One emerging theme.
     *
     * @param keywords          its keywords, the most frequent in the current texts first
     * @param count             current texts containing any of them
     * @param baselineCount     baseline texts containing any of them
     * @param expected          the count expected in the current window from the baseline's smoothed share
     * @param baselinePerWindow {@code baselineCount} per baseline window
     * @param lift              {@code count / expected}
     * @param score             the log-likelihood ratio G² of current against baseline (positive: more frequent now)
     * @param examples          indices into the current texts of up to {@link Options#examples} texts
     *                          containing the most of its keywords (ties: lower index first)
     */
    public record Theme(List<String> keywords, int count, int baselineCount, double expected, double baselinePerWindow,
                        double lift, double score, List<Integer> examples) {

        public Theme {
            keywords = List.copyOf(keywords);
            examples = List.copyOf(examples);
            if (keywords.isEmpty()) {
                throw new IllegalArgumentException("a theme has at least one keyword");
            }
        }
    }

    /**
     * The emerging themes, most significant first, with what they were computed from.
     *
     * @param currentTexts    N, the number of current texts
     * @param baselineTexts   M, the number of baseline texts
     * @param baselineWindows how many windows the baseline spans
     */
    public record Result(List<Theme> themes, int currentTexts, int baselineTexts, int baselineWindows, Options options) {

        public Result {
            themes = List.copyOf(themes);
        }
    }

    private EmergingThemes() {
    }

    /**
     * The themes emerging in {@code current} against {@code baseline}.
     *
     * @param current         the keywords of each current text; a text's index is its index here
     * @param baseline        the keywords of each baseline text
     * @param baselineWindows how many windows (e.g. weeks) the baseline spans (at least 1)
     */
    public static Result find(List<? extends Collection<String>> current, List<? extends Collection<String>> baseline,
                              int baselineWindows, Options options) {
        if (baselineWindows < 1) {
            throw new IllegalArgumentException("baselineWindows must be at least 1, was " + baselineWindows);
        }
        int n = current.size();
        int m = baseline.size();

        Map<String, Integer> ids = new HashMap<>();
        List<String> words = new ArrayList<>();
        int[][] textIds = new int[n][];
        int[] lastText = new int[16];
        Arrays.fill(lastText, -1);
        int[] counts = new int[16];
        for (int i = 0; i < n; i++) {
            Collection<String> text = current.get(i);
            int[] distinct = new int[text.size()];
            int size = 0;
            for (String word : text) {
                Integer known = ids.get(word);
                int id;
                if (known == null) {
                    id = words.size();
                    ids.put(word, id);
                    words.add(word);
                    if (id == counts.length) {
                        counts = Arrays.copyOf(counts, id * 2);
                        lastText = Arrays.copyOf(lastText, id * 2);
                        Arrays.fill(lastText, id, lastText.length, -1);
                    }
                } else {
                    id = known;
                }
                if (lastText[id] != i) {
                    lastText[id] = i;
                    counts[id]++;
                    distinct[size++] = id;
                }
            }
            textIds[i] = Arrays.copyOf(distinct, size);
        }

        int[] baselineCounts = new int[words.size()];
        Arrays.fill(lastText, -1);
        for (int j = 0; j < m; j++) {
            for (String word : baseline.get(j)) {
                Integer id = ids.get(word);
                if (id != null && lastText[id] != j) {
                    lastText[id] = j;
                    baselineCounts[id]++;
                }
            }
        }

        List<Candidate> emerging = new ArrayList<>();
        for (int id = 0; id < words.size(); id++) {
            int c = counts[id];
            if (c < options.minSupport()) {
                continue;
            }
            double expected = expected(n, baselineCounts[id], m, options.smoothing());
            double score = logLikelihoodRatio(c, n, baselineCounts[id], m);
            if (c / expected >= options.minLift() && score >= options.minScore()) {
                emerging.add(new Candidate(id, words.get(id), c, score));
            }
        }
        emerging.sort(Candidate.MOST_SIGNIFICANT_FIRST);

        int[] rank = new int[words.size()];
        Arrays.fill(rank, -1);
        for (int r = 0; r < emerging.size(); r++) {
            rank[emerging.get(r).id] = r;
        }
        BitSet[] texts = new BitSet[emerging.size()];
        for (int r = 0; r < texts.length; r++) {
            texts[r] = new BitSet(n);
        }
        for (int i = 0; i < n; i++) {
            for (int id : textIds[i]) {
                if (rank[id] >= 0) {
                    texts[rank[id]].set(i);
                }
            }
        }

        int[] cluster = new int[emerging.size()];
        Arrays.fill(cluster, -1);
        List<List<Candidate>> clusters = new ArrayList<>();
        for (int seed = 0; seed < emerging.size(); seed++) {
            if (cluster[seed] >= 0) {
                continue;
            }
            List<Candidate> members = new ArrayList<>();
            cluster[seed] = clusters.size();
            members.add(emerging.get(seed));
            for (int other = seed + 1; other < emerging.size(); other++) {
                if (cluster[other] < 0 && jaccard(texts[seed], texts[other]) >= options.minJaccard()) {
                    cluster[other] = clusters.size();
                    members.add(emerging.get(other));
                }
            }
            clusters.add(members);
        }

        int[] baselineAny = new int[clusters.size()];
        int[] lastBaseline = new int[clusters.size()];
        Arrays.fill(lastBaseline, -1);
        for (int j = 0; j < m && !clusters.isEmpty(); j++) {
            for (String word : baseline.get(j)) {
                Integer id = ids.get(word);
                if (id != null && rank[id] >= 0) {
                    int k = cluster[rank[id]];
                    if (lastBaseline[k] != j) {
                        lastBaseline[k] = j;
                        baselineAny[k]++;
                    }
                }
            }
        }

        List<Theme> themes = new ArrayList<>();
        for (int k = 0; k < clusters.size(); k++) {
            List<Candidate> members = clusters.get(k);
            BitSet any = new BitSet(n);
            for (Candidate member : members) {
                any.or(texts[rank[member.id]]);
            }
            int count = any.cardinality();
            double expected = expected(n, baselineAny[k], m, options.smoothing());
            members.sort(Candidate.MOST_FREQUENT_FIRST);
            themes.add(new Theme(members.stream().map(Candidate::word).toList(), count, baselineAny[k], expected,
                    (double) baselineAny[k] / baselineWindows, count / expected, logLikelihoodRatio(count, n, baselineAny[k], m),
                    examples(any, members, texts, rank, options.examples())));
        }
        themes.sort(Comparator.comparingDouble(Theme::score).reversed()
                .thenComparing(Comparator.comparingInt(Theme::count).reversed())
                .thenComparing(theme -> theme.keywords().get(0)));
        return new Result(themes, n, m, baselineWindows, options);
    }

    /**
     * Dunning's log-likelihood ratio for comparing a word's frequency in two corpora (T. Dunning,
     * "Accurate methods for the statistics of surprise and coincidence", Computational Linguistics
     * 19(1), 1993; as "keyness" in P. Rayson and R. Garside, "Comparing corpora using frequency
     * profiling", 2000): for the table O = [[a, n − a], [b, m − b]] with expected cells
     * E = row total · column total / (n + m),
     * G² = 2 Σ O ln(O / E) = 2 (Σ x ln x over the four cells − Σ over the two row totals − Σ over
     * the two column totals + T ln T), where 0 ln 0 = 0. Asymptotically χ² with one degree of
     * freedom; it stays accurate for rare words, where a z-score does not. Signed: negative when
     * a / n &lt; b / m. Zero when either corpus is empty.
     *
     * @param a texts of the first corpus (n texts) containing the word
     * @param b texts of the second corpus (m texts) containing the word
     */
    public static double logLikelihoodRatio(int a, int n, int b, int m) {
        if (a < 0 || b < 0 || a > n || b > m) {
            throw new IllegalArgumentException("counts must be within their totals: " + a + "/" + n + ", " + b + "/" + m);
        }
        if (n == 0 || m == 0) {
            return 0;
        }
        double cells = xLogX(a) + xLogX(n - a) + xLogX(b) + xLogX(m - b);
        double margins = xLogX(n) + xLogX(m) + xLogX(a + b) + xLogX(n - a + m - b);
        double g2 = Math.max(0, 2 * (cells - margins + xLogX(n + m)));
        return (double) a * m >= (double) b * n ? g2 : -g2;
    }

    private static double xLogX(double x) {
        return x == 0 ? 0 : x * Math.log(x);
    }

    private static double expected(int n, int baselineCount, int m, double smoothing) {
        return n * (baselineCount + smoothing) / (m + 2 * smoothing);
    }

    private static double jaccard(BitSet a, BitSet b) {
        BitSet both = (BitSet) a.clone();
        both.and(b);
        int intersection = both.cardinality();
        return (double) intersection / (a.cardinality() + b.cardinality() - intersection);
    }

    /** The texts of {@code any} with the most of the theme's keywords, ties to the lower index. */
    private static List<Integer> examples(BitSet any, List<Candidate> members, BitSet[] texts, int[] rank, int limit) {
        int[] indices = any.stream().toArray();
        long[] keys = new long[indices.length];
        for (int t = 0; t < indices.length; t++) {
            int matched = 0;
            for (Candidate member : members) {
                if (texts[rank[member.id]].get(indices[t])) {
                    matched++;
                }
            }
            keys[t] = ((long) -matched << 32) | indices[t];
        }
        Arrays.sort(keys);
        List<Integer> examples = new ArrayList<>();
        for (int t = 0; t < Math.min(limit, keys.length); t++) {
            examples.add((int) keys[t]);
        }
        return examples;
    }

    private record Candidate(int id, String word, int count, double score) {

        static final Comparator<Candidate> MOST_SIGNIFICANT_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
                .thenComparing(Comparator.comparingInt(Candidate::count).reversed())
                .thenComparing(Candidate::word);

        static final Comparator<Candidate> MOST_FREQUENT_FIRST = Comparator.comparingInt(Candidate::count).reversed()
                .thenComparing(Comparator.comparingDouble(Candidate::score).reversed())
                .thenComparing(Candidate::word);
    }
}
