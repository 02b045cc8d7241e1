package io.percept.analytics.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Seasonality-aware anomaly detection by robust decomposition, in the spirit of STL (Cleveland et
 * al. 1990) with robust window means in place of loess, as in Twitter's seasonal hybrid ESD
 * (Hochenbaum, Vallis and Kejariwal 2017).
 *
 * <ol>
 *   <li>Transform (counts: Anscombe's {@code sqrt(y + 3/8)}, whose Poisson variance is about 1/4;
 *       or {@code log(1 + y)}; or none; rates: Anscombe's arcsine, see {@link #detectRates}).</li>
 *   <li>Trend: a running interquartile mean (the mean of the middle half of the window: unmoved by
 *       anomalies as long as they are under a quarter of it, and more efficient than a median) over
 *       one season, which cancels the seasonal pattern; seasonal indices: per point, the
 *       interquartile mean of the detrended values at the same phase within {@code seasonalSpan}
 *       seasons either side; then the trend again over {@code trendWindow} points of the seasonally
 *       adjusted series, and the seasonal indices again. Every window leaves its own point out, so
 *       the expected value of a point is what the other points say (an anomaly cannot pull its
 *       expectation towards itself, and the remainders have the spread of honest prediction
 *       errors). Windows keep their full width at the ends of the series by shifting inwards, so
 *       the last point is judged by a trailing window: calling this on a recent history after every
 *       new point is a streaming detector.</li>
 *   <li>Expected value = trend + seasonal index; remainder = value - expected.</li>
 *   <li>Scale: for plain series {@code 1.4826 MAD} of the remainders (the normal-consistent
 *       median absolute deviation, floored at {@code minScale}); for rates and means, the point's
 *       own sampling variance ({@code 1/(4n)} on the arcsine scale of a rate, {@code sd^2/n} for a
 *       mean) plus one extra variance for everything else, chosen so that the remainders divided by
 *       their standard deviations have a robust scale of 1. A day with 3 orders thus gets a wide
 *       expected range, a day with 3,000 a narrow one.</li>
 *   <li>Score = remainder / scale, a robust z; anomaly when it passes {@code threshold} in the
 *       chosen direction (and, for rates and means, the denominator is at least
 *       {@code minDenominator}). The expected range is expected +- threshold x scale, transformed
 *       back.</li>
 * </ol>
 */
public final class Anomalies {

    /** 1 / Phi^-1(3/4): makes the MAD a consistent estimate of a normal standard deviation. */
    static final double MAD_TO_SD = 1.482602218505602;

    private Anomalies() {
    }

    /** How values are transformed before the decomposition. */
    public enum Transform {
        /** Values as they are (sentiment, revenue, rates). */
        NONE,
        /** {@code sqrt(y + 3/8)}: counts, stabilising Poisson variance (Anscombe 1948). */
        SQRT,
        /** {@code log(1 + y)}: positive quantities whose noise grows with their level. */
        LOG
    }

    /** Which deviations count as anomalies. */
    public enum Direction {
        BOTH, UP, DOWN
    }

    /**
     * Detection settings.
     *
     * @param period         the season length m (7 for daily data, 52 for weekly data with a yearly
     *                       cycle, 1 for none); seasonality is used when the series has two seasons
     * @param trendWindow    points in the trend's running window, odd, at least 3; robust to runs
     *                       of anomalies up to a quarter of it
     * @param seasonalSpan   seasons either side whose same-phase values give a seasonal index, at least 1
     * @param threshold      the robust z from which a point is an anomaly, positive
     * @param direction      spikes, drops or both
     * @param transform      the transform of plain series; rates and means are not transformed
     * @param minScale       the least scale, in transformed units (0.5 for Anscombe-transformed counts:
     *                       no count is less noisy than Poisson)
     * @param minDenominator rates and means: points with fewer trials (orders, texts) are scored but
     *                       never flagged, and left out of the expected values
     */
    public record Options(int period, int trendWindow, int seasonalSpan, double threshold, Direction direction, Transform transform,
                          double minScale, double minDenominator) {

        public Options {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(transform, "transform");
            if (period < 1) {
                throw new IllegalArgumentException("period must be at least 1, was " + period);
            }
            if (trendWindow < 3 || trendWindow % 2 == 0) {
                throw new IllegalArgumentException("trendWindow must be odd and at least 3, was " + trendWindow);
            }
            if (seasonalSpan < 1) {
                throw new IllegalArgumentException("seasonalSpan must be at least 1, was " + seasonalSpan);
            }
            if (!(threshold > 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold must be positive and finite, was " + threshold);
            }
            if (!(minScale >= 0) || Double.isInfinite(minScale)) {
                throw new IllegalArgumentException("minScale must be 0 or more, was " + minScale);
            }
            if (!(minDenominator >= 0) || Double.isInfinite(minDenominator)) {
                throw new IllegalArgumentException("minDenominator must be 0 or more, was " + minDenominator);
            }
        }

        /** Counts (demand, complaints, tickets): Anscombe transform, scale at least Poisson's, threshold 3.5. */
        public static Options counts(int period) {
            return new Options(period, defaultTrendWindow(period), 6, 3.5, Direction.BOTH, Transform.SQRT, 0.5, 0);
        }

        /** Levels (revenue, mean sentiment without counts): no transform, threshold 3.5. */
        public static Options levels(int period) {
            return new Options(period, defaultTrendWindow(period), 6, 3.5, Direction.BOTH, Transform.NONE, 0, 0);
        }

        /** Rates and means with their denominators: threshold 3.5, points with fewer than 20 trials never flagged. */
        public static Options rates(int period) {
            return new Options(period, defaultTrendWindow(period), 6, 3.5, Direction.BOTH, Transform.NONE, 0, 20);
        }

        public Options withThreshold(double value) {
            return new Options(period, trendWindow, seasonalSpan, value, direction, transform, minScale, minDenominator);
        }

        public Options withDirection(Direction value) {
            return new Options(period, trendWindow, seasonalSpan, threshold, value, transform, minScale, minDenominator);
        }

        public Options withMinDenominator(double value) {
            return new Options(period, trendWindow, seasonalSpan, threshold, direction, transform, minScale, value);
        }

        public Options withTrendWindow(int value) {
            return new Options(period, value, seasonalSpan, threshold, direction, transform, minScale, minDenominator);
        }

        /** 15 points without a season; 2m + 1 kept between 15 and 27 with one (15 for daily data, 27 for weekly). */
        static int defaultTrendWindow(int period) {
            return period < 2 ? 15 : Math.min(27, Math.max(15, 2 * period + 1));
        }
    }

    /**
     * One point's verdict.
     *
     * @param index    its position in the series
     * @param value    the observed value (the rate for rates; NaN where a rate or mean has no trials)
     * @param expected the expected value
     * @param lower    the expected range's lower end (threshold scales below expected)
     * @param upper    its upper end
     * @param score    the robust z: (value - expected) / scale, in transformed units; NaN where undefined
     * @param anomaly  whether the score passes the threshold in the chosen direction
     */
    public record Point(int index, double value, double expected, double lower, double upper, double score, boolean anomaly) {
    }

    /**
     * Anomalies in a plain series: counts, revenue, or mean sentiment without its counts.
     *
     * @param values the series, oldest first, finite; not negative with a SQRT or LOG transform
     * @return one point per value
     */
    public static List<Point> detect(double[] values, Options options) {
        Objects.requireNonNull(options, "options");
        check(values, "values", options.transform() != Transform.NONE);
        int n = values.length;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = forward(values[t], options.transform());
        }
        double[] expected = expected(x, options);
        double[] remainder = new double[n];
        for (int t = 0; t < n; t++) {
            remainder[t] = x[t] - expected[t];
        }
        double[] absolute = new double[n];
        double centre = median(remainder);
        for (int t = 0; t < n; t++) {
            absolute[t] = Math.abs(remainder[t] - centre);
        }
        double magnitude = 0;
        for (double v : x) {
            magnitude = Math.max(magnitude, Math.abs(v));
        }
        double scale = Math.max(Math.max(MAD_TO_SD * median(absolute), options.minScale()), 1e-9 * Math.max(magnitude, 1e-300));
        List<Point> points = new ArrayList<>(n);
        double threshold = options.threshold();
        for (int t = 0; t < n; t++) {
            double score = remainder[t] / scale;
            points.add(new Point(t, values[t], backward(expected[t], options.transform()),
                    backward(expected[t] - threshold * scale, options.transform()),
                    backward(expected[t] + threshold * scale, options.transform()), score, flagged(score, options)));
        }
        return points;
    }

    /**
     * Anomalies in a rate with its denominator, e.g. complaints per order. When events never
     * exceed trials the rate is binomial and is scored on Anscombe's arcsine scale
     * {@code asin(sqrt((k + 3/8) / (n + 3/4)))}, whose variance is about {@code 1 / (4n)} and which
     * makes the skewed rates of small counts symmetric (robust centres of raw rates of a few events
     * sit below their means, which raised false alarms upwards); otherwise it is a Poisson rate, scored
     * on {@code sqrt((k + 3/8) / n)} with the same variance. Expected values and ranges are given
     * back as rates.
     *
     * @param events the numerators, finite and not negative
     * @param trials the denominators, finite and not negative; a point with 0 trials has no rate
     */
    public static List<Point> detectRates(double[] events, double[] trials, Options options) {
        Objects.requireNonNull(options, "options");
        check(events, "events", true);
        check(trials, "trials", true);
        if (events.length != trials.length) {
            throw new IllegalArgumentException("events and trials differ in length: " + events.length + " and " + trials.length);
        }
        int n = events.length;
        boolean binomial = true;
        for (int t = 0; t < n; t++) {
            binomial &= events[t] <= trials[t];
        }
        double[] rate = new double[n];
        double[] x = new double[n];
        double[] variance = new double[n];
        for (int t = 0; t < n; t++) {
            if (trials[t] > 0) {
                rate[t] = events[t] / trials[t];
                x[t] = binomial ? Math.asin(Math.sqrt((events[t] + 0.375) / (trials[t] + 0.75))) : Math.sqrt((events[t] + 0.375) / trials[t]);
                variance[t] = 1 / (4 * trials[t]);
            } else {
                rate[t] = Double.NaN;
                x[t] = Double.NaN;
                variance[t] = Double.NaN;
            }
        }
        double[] expected = expected(eligible(x, trials, options), options);
        java.util.function.DoubleUnaryOperator back = binomial
                ? v -> Math.pow(Math.sin(Math.min(Math.max(v, 0), Math.PI / 2)), 2)
                : v -> v <= 0 ? 0 : v * v;
        return scored(rate, x, trials, expected, variance, options, back);
    }

    /**
     * Anomalies in a mean with its count, e.g. the mean sentiment of a day's texts.
     *
     * @param means      the means, finite where their count is positive (any value where it is 0)
     * @param counts     the number of values behind each mean, finite and not negative
     * @param deviations the standard deviation of the values behind each mean, or null when
     *                   unknown: the variance of a mean is then taken as c / count, c estimated
     *                   robustly from the series
     */
    public static List<Point> detectMeans(double[] means, double[] counts, double[] deviations, Options options) {
        Objects.requireNonNull(options, "options");
        check(counts, "counts", true);
        Objects.requireNonNull(means, "means");
        if (means.length != counts.length || (deviations != null && deviations.length != counts.length)) {
            throw new IllegalArgumentException("means, counts and deviations must have the same length");
        }
        int n = means.length;
        double[] value = new double[n];
        for (int t = 0; t < n; t++) {
            if (counts[t] > 0 && !Double.isFinite(means[t])) {
                throw new IllegalArgumentException("means has a non-finite value at " + t + " where its count is " + counts[t]);
            }
            if (deviations != null && counts[t] > 0 && !(deviations[t] >= 0 && deviations[t] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("deviations must be finite and not negative, was " + deviations[t] + " at " + t);
            }
            value[t] = counts[t] > 0 ? means[t] : Double.NaN;
        }
        double[] expected = expected(eligible(value, counts, options), options);
        double[] variance = new double[n];
        if (deviations != null) {
            for (int t = 0; t < n; t++) {
                variance[t] = counts[t] > 0 ? deviations[t] * deviations[t] / counts[t] : Double.NaN;
            }
        } else {
            // var = c / count: c from the robust spread of remainder x sqrt(count)
            double[] standardised = new double[n];
            for (int t = 0; t < n; t++) {
                standardised[t] = counts[t] >= Math.max(options.minDenominator(), Double.MIN_VALUE)
                        ? (value[t] - expected[t]) * Math.sqrt(counts[t]) : Double.NaN;
            }
            double centre = median(standardised);
            for (int t = 0; t < n; t++) {
                standardised[t] = Math.abs(standardised[t] - centre);
            }
            double c = Math.pow(MAD_TO_SD * median(standardised), 2);
            for (int t = 0; t < n; t++) {
                variance[t] = counts[t] > 0 ? c / counts[t] : Double.NaN;
            }
        }
        return scored(value, value, counts, expected, variance, options, v -> v);
    }

    /**
     * Rates or means with their sampling variances: adds the extra variance, scores and flags.
     *
     * @param value    what each point reports as its value
     * @param x        the scored values (transformed for rates)
     * @param expected the expected x
     * @param variance the sampling variance of each x
     * @param back     x back to the reported scale
     */
    private static List<Point> scored(double[] value, double[] x, double[] trials, double[] expected, double[] variance, Options options,
            java.util.function.DoubleUnaryOperator back) {
        int n = value.length;
        double[] remainder = new double[n];
        boolean[] eligible = new boolean[n];
        for (int t = 0; t < n; t++) {
            remainder[t] = x[t] - expected[t];
            eligible[t] = trials[t] > 0 && trials[t] >= options.minDenominator() && Double.isFinite(remainder[t]);
        }
        double extra = extraVariance(remainder, variance, eligible);
        List<Point> points = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            double scale = Math.max(Math.sqrt(variance[t] + extra), options.minScale());
            double score = trials[t] > 0 && scale > 0 ? remainder[t] / scale : Double.NaN;
            double width = options.threshold() * scale;
            double lower = Double.isNaN(scale) ? Double.NaN : back.applyAsDouble(expected[t] - width);
            double upper = Double.isNaN(scale) ? Double.NaN : back.applyAsDouble(expected[t] + width);
            points.add(new Point(t, value[t], back.applyAsDouble(expected[t]), lower, upper, score, eligible[t] && flagged(score, options)));
        }
        return points;
    }

    /**
     * The extra variance tau^2 >= 0 for which {@code 1.4826 median(|r - median r| / sqrt(v + tau^2))}
     * over the eligible points is 1, by bisection; 0 when the sampling variances already explain
     * the spread.
     */
    static double extraVariance(double[] remainder, double[] variance, boolean[] eligible) {
        int count = 0;
        for (boolean e : eligible) {
            count += e ? 1 : 0;
        }
        if (count == 0) {
            return 0;
        }
        double[] r = new double[count];
        double[] v = new double[count];
        int i = 0;
        for (int t = 0; t < remainder.length; t++) {
            if (eligible[t]) {
                r[i] = remainder[t];
                v[i++] = variance[t];
            }
        }
        double centre = median(r);
        double[] a = new double[count];
        for (int j = 0; j < count; j++) {
            a[j] = Math.abs(r[j] - centre);
        }
        double high = Math.pow(MAD_TO_SD * median(a), 2);
        if (!(high > 0) || robustScale(a, v, 0) <= 1) {
            return 0;
        }
        double low = 0;
        for (int iteration = 0; iteration < 100 && high - low > 1e-12 * high; iteration++) {
            double mid = 0.5 * (low + high);
            if (robustScale(a, v, mid) > 1) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    private static double robustScale(double[] absolute, double[] variance, double extra) {
        double[] z = new double[absolute.length];
        for (int j = 0; j < z.length; j++) {
            double sd = Math.sqrt(variance[j] + extra);
            z[j] = sd > 0 ? absolute[j] / sd : absolute[j] > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return MAD_TO_SD * median(z);
    }

    /** Values whose trials reach the minimum denominator; NaN (left out of the decomposition) elsewhere. */
    private static double[] eligible(double[] value, double[] trials, Options options) {
        double[] x = new double[value.length];
        for (int t = 0; t < x.length; t++) {
            x[t] = trials[t] > 0 && trials[t] >= options.minDenominator() ? value[t] : Double.NaN;
        }
        return x;
    }

    private static boolean flagged(double score, Options options) {
        if (Double.isNaN(score)) {
            return false;
        }
        return switch (options.direction()) {
            case BOTH -> Math.abs(score) >= options.threshold();
            case UP -> score >= options.threshold();
            case DOWN -> score <= -options.threshold();
        };
    }

    /**
     * Trend + seasonal index per point of {@code x} (NaN values are left out of every window); NaN
     * everywhere when no value is finite.
     */
    static double[] expected(double[] x, Options options) {
        int n = x.length;
        int m = options.period();
        double[] trend;
        double[] season = new double[n];
        if (m >= 2 && n >= 2 * m) {
            trend = runningMean(x, m % 2 == 1 ? m : m + 1);
            season = seasonalMeans(difference(x, trend), m, options.seasonalSpan());
            trend = runningMean(difference(x, season), options.trendWindow());
            season = seasonalMeans(difference(x, trend), m, options.seasonalSpan());
        } else {
            trend = runningMean(x, options.trendWindow());
        }
        double[] expected = new double[n];
        for (int t = 0; t < n; t++) {
            expected[t] = trend[t] + season[t];
        }
        return expected;
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int t = 0; t < a.length; t++) {
            d[t] = a[t] - b[t];
        }
        return d;
    }

    /**
     * The interquartile mean of the finite values in a window of {@code width} points around each point, the
     * point itself left out, shifted inwards at the ends to keep its width; points whose window has
     * no finite value take the nearest computed one (NaN when none exists).
     */
    static double[] runningMean(double[] x, int width) {
        int n = x.length;
        double[] result = new double[n];
        double[] buffer = new double[Math.min(width, n)];
        for (int t = 0; t < n; t++) {
            int lo = t - width / 2;
            int hi = lo + width - 1;
            if (lo < 0) {
                lo = 0;
                hi = Math.min(n - 1, width - 1);
            } else if (hi > n - 1) {
                hi = n - 1;
                lo = Math.max(0, n - width);
            }
            int size = 0;
            for (int i = lo; i <= hi; i++) {
                if (i != t && Double.isFinite(x[i])) {
                    buffer[size++] = x[i];
                }
            }
            result[t] = midmean(buffer, size);
        }
        fillNearest(result);
        return result;
    }

    /**
     * Per point, the interquartile mean of the values at the same phase within {@code span} seasons either side
     * (shifted inwards at the ends), the point itself left out; 0 where there are none.
     */
    static double[] seasonalMeans(double[] d, int m, int span) {
        int n = d.length;
        int width = 2 * span + 1;
        double[] result = new double[n];
        double[] buffer = new double[width];
        for (int t = 0; t < n; t++) {
            int phase = t % m;
            int season = t / m;
            int seasons = (n - 1 - phase) / m + 1;
            int lo = season - span;
            int hi = lo + width - 1;
            if (lo < 0) {
                lo = 0;
                hi = Math.min(seasons - 1, width - 1);
            } else if (hi > seasons - 1) {
                hi = seasons - 1;
                lo = Math.max(0, seasons - width);
            }
            int size = 0;
            for (int i = lo; i <= hi; i++) {
                double v = d[phase + i * m];
                if (i != season && Double.isFinite(v)) {
                    buffer[size++] = v;
                }
            }
            double centre = midmean(buffer, size);
            result[t] = Double.isNaN(centre) ? 0 : centre;
        }
        return result;
    }

    private static void fillNearest(double[] values) {
        int n = values.length;
        int previous = -1;
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(values[t])) {
                // fill the gap before t: each point takes its nearer neighbour
                for (int g = previous + 1; g < t; g++) {
                    values[g] = previous < 0 || t - g < g - previous ? values[t] : values[previous];
                }
                previous = t;
            }
        }
        for (int g = previous + 1; previous >= 0 && g < n; g++) {
            values[g] = values[previous];
        }
    }

    /** The median of the finite values of {@code values}; NaN when there are none. */
    static double median(double[] values) {
        double[] buffer = new double[values.length];
        int size = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                buffer[size++] = v;
            }
        }
        return sortedMedian(buffer, size);
    }

    /** The interquartile mean: the mean of the middle half of the sorted values (the median below 4 values). */
    private static double midmean(double[] buffer, int size) {
        if (size < 4) {
            return sortedMedian(buffer, size);
        }
        Arrays.sort(buffer, 0, size);
        int cut = size / 4;
        double sum = 0;
        for (int i = cut; i < size - cut; i++) {
            sum += buffer[i];
        }
        return sum / (size - 2 * cut);
    }

    private static double sortedMedian(double[] buffer, int size) {
        if (size == 0) {
            return Double.NaN;
        }
        Arrays.sort(buffer, 0, size);
        return size % 2 == 1 ? buffer[size / 2] : 0.5 * (buffer[size / 2 - 1] + buffer[size / 2]);
    }

    private static double forward(double value, Transform transform) {
        return switch (transform) {
            case NONE -> value;
            case SQRT -> Math.sqrt(value + 0.375);
            case LOG -> Math.log1p(value);
        };
    }

    private static double backward(double value, Transform transform) {
        return switch (transform) {
            case NONE -> value;
            case SQRT -> value <= 0 ? 0 : Math.max(0, value * value - 0.375);
            case LOG -> Math.max(0, Math.expm1(value));
        };
    }

    private static void check(double[] values, String name, boolean nonNegative) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t]) || (nonNegative && values[t] < 0)) {
                throw new IllegalArgumentException(name + " must be finite" + (nonNegative ? " and not negative" : "") + "; was " + values[t]
                        + " at " + t);
            }
        }
    }
}
