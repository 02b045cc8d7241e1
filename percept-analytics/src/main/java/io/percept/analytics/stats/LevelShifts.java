package io.percept.analytics.stats;

import java.util.Arrays;
import java.util.Optional;

/**
 * A lasting change of level in a series (a category's share of orders falling from one week on and
 * staying down): the one split into a before and an after that differ most, kept only when it is a
 * step, not noise, a short burst or a slow drift.
 *
 * <p>Every split leaving at least {@link Options#minPeriods} periods on each side is scored by
 * Welch's t of the two sides' means, {@code |m_a - m_b| / sqrt(s_b²/n_b + s_a²/n_a)}; the best one
 * is a shift when
 * <ul>
 * <li>{@code t >= }{@link Options#t} (high, because the best of many splits is taken),</li>
 * <li>the relative change {@code |m_a - m_b| / m_b} is at least {@link Options#minChange},</li>
 * <li>at least {@link Options#consistency} of the after periods lie beyond the before periods'
 * median in the shift's direction (so a burst inside the after side does not make a shift), and</li>
 * <li>each side is level: the difference between the means of its halves is at most
 * {@link Options#drift} of the shift (a ramp splits anywhere; a step only once).</li>
 * </ul>
 * This is binary segmentation with one split (see Killick and Eckley, "changepoint: An R package for
 * changepoint analysis", 2014, for the family) with a two-sample t as the cost. Deterministic; no state.
 */
public final class LevelShifts {

    /**
     * How shifts are found.
     *
     * @param minPeriods  fewest periods on each side
     * @param t           smallest Welch t
     * @param minChange   smallest relative change of the mean (0.15 = 15 %)
     * @param consistency share of the after periods beyond the before median
     * @param drift       largest difference between a side's half means, as a share of the shift
     */
    public record Options(int minPeriods, double t, double minChange, double consistency, double drift) {

        public Options {
            if (minPeriods < 2) {
                throw new IllegalArgumentException("minPeriods must be at least 2, was " + minPeriods);
            }
        }

        /** Six periods a side, t ≥ 5, 15 %, 80 % consistent, drift ≤ 40 %. */
        public static Options defaults() {
            return new Options(6, 5, 0.15, 0.8, 0.4);
        }
    }

    /**
     * A shift: the new level from period {@code at} (an index into the series) on.
     *
     * @param before mean before
     * @param after  mean from {@code at}
     * @param change (after - before) / before
     * @param t      Welch's t of the split
     */
    public record Shift(int at, double before, double after, double change, double t) {

        /**
         * {@code -log10} of the two-sided normal tail of {@code t}, from the tail's asymptotic series
         * {@code P(Z > t) ≈ φ(t) / t · (1 - 1/t²)} (close for the t ≥ 3 a shift needs): how surprising the
         * split would be without a shift, for one split (a caller testing many divides by their number).
         */
        public double surprise() {
            double logTail = -t * t / 2 - 0.5 * Math.log(2 * Math.PI) - Math.log(t) + Math.log(1 - 1 / (t * t));
            return -(Math.log(2) + logTail) / Math.log(10);
        }
    }

    private LevelShifts() {
    }

    /** The series' shift, if it has one; {@code values} must not contain NaN. */
    public static Optional<Shift> find(double[] values, Options options) {
        int n = values.length;
        int best = -1;
        double bestT = 0;
        for (int at = options.minPeriods(); at <= n - options.minPeriods(); at++) {
            double t = welch(values, 0, at, at, n);
            if (t > bestT) {
                bestT = t;
                best = at;
            }
        }
        if (best < 0 || bestT < options.t()) {
            return Optional.empty();
        }
        double before = mean(values, 0, best);
        double after = mean(values, best, n);
        double shift = after - before;
        if (before == 0 || Math.abs(shift) / Math.abs(before) < options.minChange()) {
            return Optional.empty();
        }
        double median = median(values, 0, best);
        int beyond = 0;
        for (int k = best; k < n; k++) {
            if (shift < 0 ? values[k] < median : values[k] > median) {
                beyond++;
            }
        }
        if (beyond < options.consistency() * (n - best)) {
            return Optional.empty();
        }
        if (drift(values, 0, best) > options.drift() * Math.abs(shift) || drift(values, best, n) > options.drift() * Math.abs(shift)) {
            return Optional.empty();
        }
        return Optional.of(new Shift(best, before, after, shift / before, bestT));
    }

    private static double welch(double[] values, int aFrom, int aTo, int bFrom, int bTo) {
        double ma = mean(values, aFrom, aTo);
        double mb = mean(values, bFrom, bTo);
        double se = Math.sqrt(variance(values, aFrom, aTo, ma) / (aTo - aFrom) + variance(values, bFrom, bTo, mb) / (bTo - bFrom));
        return se == 0 ? (ma == mb ? 0 : Double.MAX_VALUE) : Math.abs(mb - ma) / se;
    }

    private static double drift(double[] values, int from, int to) {
        int middle = from + (to - from) / 2;
        return Math.abs(mean(values, middle, to) - mean(values, from, middle));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int k = from; k < to; k++) {
            sum += values[k];
        }
        return sum / (to - from);
    }

    private static double variance(double[] values, int from, int to, double mean) {
        double squares = 0;
        for (int k = from; k < to; k++) {
            squares += (values[k] - mean) * (values[k] - mean);
        }
        return squares / (to - from - 1);
    }

    private static double median(double[] values, int from, int to) {
        double[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        return Quantiles.ofSorted(sorted, 0.5)[0];
    }
}
