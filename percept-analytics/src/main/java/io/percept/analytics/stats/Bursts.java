package io.percept.analytics.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Bursts in a series of counts per period (orders per week, complaints per week): runs of periods
 * well above what the periods before them had, each with what was observed against what was expected
 * and how surprising that is.
 *
 * <p>Outside a burst the expected count of period {@code i} is the mean of the up to
 * {@link Options#baseline} periods before it that were not themselves in a burst (at least
 * {@link Options#minBaseline} of them). A period opens a burst when its count is at least
 * {@link Options#ratio} times the expected count, at least {@link Options#minCount}, and
 * {@code (x - e) / sqrt(max(e, 1)) >= z} (a Poisson z: a cheap first sieve). The expected count is
 * then held for the burst's length — a burst must not become its own baseline — and the burst goes on
 * while counts stay at least {@link Options#stayRatio} times it.
 *
 * <p>Whether a burst is more than chance is judged on its total by {@link #surprise(double, double, double)}:
 * the exact conditional test of two Poisson rates (Przyborowski and Wilenski 1940; see Krishnamoorthy and
 * Thomson, "A more powerful test for comparing two Poisson means", J. Stat. Plan. Inference 119, 2004),
 * which counts the uncertainty of the baseline too — a baseline of a few small weeks proves little.
 * Deterministic; no state.
 */
public final class Bursts {

    /**
     * How bursts are found.
     *
     * @param baseline    how many earlier periods the expected count is the mean of
     * @param minBaseline fewest earlier periods needed before a burst can be found
     * @param ratio       how many times the expected count a period must reach to open a burst
     * @param stayRatio   how many times the expected count a period must reach to continue one
     * @param z           the smallest Poisson z of a period that opens a burst
     * @param minCount    the smallest count that opens a burst
     */
    public record Options(int baseline, int minBaseline, double ratio, double stayRatio, double z, double minCount) {

        public Options {
            if (minBaseline < 1 || baseline < minBaseline) {
                throw new IllegalArgumentException("need 1 <= minBaseline <= baseline, was " + minBaseline + " and " + baseline);
            }
            if (!(ratio > 1) || !(stayRatio > 1) || stayRatio > ratio) {
                throw new IllegalArgumentException("need 1 < stayRatio <= ratio, was " + stayRatio + " and " + ratio);
            }
        }

        /** Eight periods of baseline (four at least), 1.6× to open, 1.3× to continue, z ≥ 2, at least 5. */
        public static Options defaults() {
            return new Options(8, 4, 1.6, 1.3, 2, 5);
        }

        public Options withRatio(double ratio, double stayRatio) {
            return new Options(baseline, minBaseline, ratio, stayRatio, z, minCount);
        }

        public Options withMinCount(double minCount) {
            return new Options(baseline, minBaseline, ratio, stayRatio, z, minCount);
        }
    }

    /**
     * A burst over periods {@code from} to {@code to} (inclusive, indexes into the series).
     *
     * @param observed the counts' sum over the burst
     * @param expected the expected count per period times the burst's length
     * @param baseline the counts' sum over the baseline periods the expectation is the mean of
     * @param periods  how many baseline periods
     * @param ratio    observed / expected
     */
    public record Burst(int from, int to, double observed, double expected, double baseline, int periods, double ratio) {

        public int length() {
            return to - from + 1;
        }

        /** Whether this burst and {@code other} share a period, or are at most {@code gap} periods apart. */
        public boolean near(Burst other, int gap) {
            return from <= other.to + gap && other.from <= to + gap;
        }

        /** {@link Bursts#surprise(double, double, double)} of this burst against its baseline. */
        public double surprise() {
            return Bursts.surprise(observed, baseline, (double) length() / periods);
        }
    }

    private Bursts() {
    }

    /** The bursts of {@code counts} (NaN is a period without data: never in a burst nor a baseline), in time order. */
    public static List<Burst> find(double[] counts, Options options) {
        List<Burst> bursts = new ArrayList<>();
        boolean[] quiet = new boolean[counts.length];
        int i = 0;
        while (i < counts.length) {
            double[] before = before(counts, quiet, i, options);
            if (Double.isNaN(counts[i]) || before == null || !opens(counts[i], before[0] / before[1], options)) {
                quiet[i] = !Double.isNaN(counts[i]);
                i++;
                continue;
            }
            double expected = before[0] / before[1];
            int end = i;
            while (end + 1 < counts.length && !Double.isNaN(counts[end + 1]) && counts[end + 1] >= options.stayRatio() * Math.max(expected, 1)) {
                end++;
            }
            double observed = 0;
            for (int k = i; k <= end; k++) {
                observed += counts[k];
            }
            double total = expected * (end - i + 1);
            bursts.add(new Burst(i, end, observed, total, before[0], (int) before[1], total == 0 ? Double.POSITIVE_INFINITY : observed / total));
            i = end + 1;
        }
        return bursts;
    }

    private static boolean opens(double count, double expected, Options options) {
        double floor = Math.max(expected, 1);
        return count >= options.minCount() && count >= options.ratio() * floor && (count - expected) / Math.sqrt(floor) >= options.z();
    }

    /** The sum and number of the nearest {@code baseline} quiet periods before {@code at}; null when too few. */
    private static double[] before(double[] counts, boolean[] quiet, int at, Options options) {
        double sum = 0;
        int n = 0;
        for (int k = at - 1; k >= 0 && n < options.baseline(); k--) {
            if (quiet[k]) {
                sum += counts[k];
                n++;
            }
        }
        return n < options.minBaseline() ? null : new double[] {sum, n};
    }

    /**
     * How surprising {@code observed} counts are against {@code baseline} counts, the observed periods
     * weighing {@code weight} times the baseline's (their number over the baseline's, times any scale
     * such as how much the other regions rose): {@code -log10} of the exact conditional test of two Poisson
     * rates — given the {@code N = observed + baseline} counts, {@code observed ~ Binomial(N, p)} with
     * {@code p = weight / (1 + weight)} if the rate did not change; the upper tail {@code P(X >= observed)}
     * summed in logs. 0 when {@code observed} is at most what the baseline lets expect
     * ({@code baseline × weight}). Among {@code n} tests a surprise above {@code log10(n / α)} is
     * significant at α (Bonferroni).
     */
    public static double surprise(double observed, double baseline, double weight) {
        if (!(weight > 0) || observed <= baseline * weight) {
            return 0;
        }
        long k = Math.round(observed);
        long n = k + Math.round(baseline);
        double p = weight / (1 + weight);
        double lnChoose = GammaFunction.logGamma(n + 1.0) - GammaFunction.logGamma(k + 1.0) - GammaFunction.logGamma(n - k + 1.0);
        double first = lnChoose + k * Math.log(p) + (n - k) * Math.log1p(-p);
        // each next term is the last times (n - j) / (j + 1) · p / (1 - p); past the mean they only shrink
        double sum = 1;
        double term = 1;
        for (long j = k; j < n && term > 1e-15 * sum; j++) {
            term *= (double) (n - j) / (j + 1) * p / (1 - p);
            sum += term;
        }
        return -(first + Math.log(sum)) / Math.log(10);
    }

    /**
     * How {@code counts} over periods {@code from} to {@code to} compare with the mean of the
     * {@code baseline} periods before {@code from}: observed / (mean × length); NaN without a baseline
     * or when it is 0. For the same window in other series ("elsewhere it was 1.0×").
     */
    public static double ratio(double[] counts, int from, int to, int baseline) {
        double[] window = window(counts, from, to, baseline);
        return window == null || window[1] == 0 ? Double.NaN : window[0] / (window[1] / window[2] * (to - from + 1));
    }

    /**
     * The counts over {@code from} to {@code to}, and the sum and number of the up to {@code baseline}
     * periods before {@code from} (periods without data skipped): {observed, baseline sum, baseline periods};
     * null without a baseline period.
     */
    public static double[] window(double[] counts, int from, int to, int baseline) {
        double sum = 0;
        int n = 0;
        for (int k = Math.max(0, from - baseline); k < from; k++) {
            if (!Double.isNaN(counts[k])) {
                sum += counts[k];
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        double observed = 0;
        for (int k = from; k <= to; k++) {
            observed += Double.isNaN(counts[k]) ? 0 : counts[k];
        }
        return new double[] {observed, sum, n};
    }
}
