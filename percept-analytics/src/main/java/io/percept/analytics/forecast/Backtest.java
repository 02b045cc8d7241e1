package io.percept.analytics.forecast;

import java.util.Objects;

/**
 * Rolling-origin evaluation (an expanding window; Tashman 2000, FPP3 section 5.10): at each origin
 * t = initial, initial + step, ... below n, the forecaster sees {@code y[0..t-1]} and forecasts
 * min(horizon, n - t) steps, compared with what happened. Accuracy is the mean absolute scaled
 * error (Hyndman and Koehler, "Another look at measures of forecast accuracy", International
 * Journal of Forecasting 22, 2006): each absolute error divided by the in-sample mean absolute
 * error of the seasonal naive method (lag {@code period}) on that origin's training window, then
 * averaged over all origins and steps. MASE below 1 means smaller errors than the one-step
 * seasonal naive errors within the sample.
 */
public final class Backtest {

    private Backtest() {
    }

    /** Makes forecasts from a history: a model, or a baseline. */
    @FunctionalInterface
    public interface Forecaster {

        Forecast forecast(double[] history, int horizon);

        /** The naive method: the last value. */
        static Forecaster naive(double coverage) {
            return (history, horizon) -> SeasonalNaive.forecast(history, 1, horizon, coverage);
        }

        /** The seasonal naive method with period m. */
        static Forecaster seasonalNaive(int period, double coverage) {
            return (history, horizon) -> SeasonalNaive.forecast(history, period, horizon, coverage);
        }

        /** The Theta method, refitted at each origin. */
        static Forecaster theta(double coverage) {
            return (history, horizon) -> Theta.fit(history).forecast(horizon, coverage);
        }

        /**
         * The equal-weight combination of forecasters' point forecasts (forecast combination; Bates and
         * Granger 1969, Makridakis et al. M4 2020), without an interval.
         */
        static Forecaster mean(Forecaster... forecasters) {
            Forecaster[] members = forecasters.clone();
            if (members.length == 0) {
                throw new IllegalArgumentException("a combination needs at least one forecaster");
            }
            return (history, horizon) -> {
                double[] mean = new double[horizon];
                StringBuilder name = new StringBuilder("MEAN(");
                for (int k = 0; k < members.length; k++) {
                    Forecast forecast = members[k].forecast(history, horizon);
                    for (int j = 0; j < horizon; j++) {
                        mean[j] += forecast.mean()[j] / members.length;
                    }
                    name.append(k == 0 ? "" : ",").append(forecast.model());
                }
                double[] none = new double[horizon];
                java.util.Arrays.fill(none, Double.NaN);
                return new Forecast(name.append(')').toString(), mean, none, none.clone(), Double.NaN, "none");
            };
        }

        /** ETS with model selection by AICc, refitted at each origin. */
        static Forecaster ets(Ets.Options options, double coverage) {
            Objects.requireNonNull(options, "options");
            return (history, horizon) -> Ets.select(history, options).forecast(horizon, coverage);
        }
    }

    /**
     * How to backtest.
     *
     * @param initial the first origin: observations in the first training window; more than period
     * @param horizon steps forecast from each origin, at least 1
     * @param step    origins advance by this many observations, at least 1
     * @param period  the seasonal naive lag of the MASE scale (1: the naive method's)
     */
    public record Options(int initial, int horizon, int step, int period) {

        public Options {
            if (period < 1) {
                throw new IllegalArgumentException("period must be at least 1, was " + period);
            }
            if (initial <= period) {
                throw new IllegalArgumentException("initial must exceed period (" + period + ") so the MASE scale exists, was " + initial);
            }
            if (horizon < 1 || step < 1) {
                throw new IllegalArgumentException("horizon and step must be at least 1, were " + horizon + " and " + step);
            }
        }
    }

    /**
     * Accuracy over all origins.
     *
     * @param mase           mean absolute scaled error over every forecast
     * @param maseByHorizon  the same per step ahead (index 0: one step); NaN for steps never reached
     * @param mae            mean absolute error, in the series' units
     * @param coverage       share of the actual values inside the forecasts' intervals (NaN without intervals)
     * @param origins        origins evaluated
     * @param forecasts      forecasts compared with an actual value
     * @param skippedOrigins origins skipped because their training window was constant at the
     *                       period's lag (a MASE scale of 0)
     */
    public record Result(double mase, double[] maseByHorizon, double mae, double coverage, int origins, int forecasts, int skippedOrigins) {
    }

    /**
     * Backtests {@code forecaster} on {@code y}.
     *
     * @throws IllegalArgumentException if the series has no origin (length at most {@code initial})
     *                                  or a non-finite value
     */
    public static Result run(double[] y, Forecaster forecaster, Options options) {
        Forecast.checkSeries(y);
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(options, "options");
        int n = y.length;
        if (n <= options.initial()) {
            throw new IllegalArgumentException("the series (" + n + " observations) is not longer than the first window (" + options.initial() + ")");
        }
        int h = options.horizon();
        double[] scaledByStep = new double[h];
        int[] countByStep = new int[h];
        double scaledSum = 0;
        double absoluteSum = 0;
        int forecasts = 0;
        int inside = 0;
        int withInterval = 0;
        int origins = 0;
        int skipped = 0;
        for (int t = options.initial(); t < n; t += options.step()) {
            double scale = SeasonalNaive.scale(y, t, options.period());
            if (!(scale > 0)) {
                skipped++;
                continue;
            }
            int steps = Math.min(h, n - t);
            Forecast forecast = forecaster.forecast(java.util.Arrays.copyOf(y, t), steps);
            if (forecast.horizon() != steps) {
                throw new IllegalStateException("the forecaster returned " + forecast.horizon() + " steps, asked for " + steps);
            }
            origins++;
            for (int j = 0; j < steps; j++) {
                double actual = y[t + j];
                double error = Math.abs(actual - forecast.mean()[j]);
                scaledSum += error / scale;
                absoluteSum += error;
                scaledByStep[j] += error / scale;
                countByStep[j]++;
                forecasts++;
                double lower = forecast.lower()[j];
                double upper = forecast.upper()[j];
                if (!Double.isNaN(lower) && !Double.isNaN(upper)) {
                    withInterval++;
                    if (actual >= lower && actual <= upper) {
                        inside++;
                    }
                }
            }
        }
        double[] byStep = new double[h];
        for (int j = 0; j < h; j++) {
            byStep[j] = countByStep[j] == 0 ? Double.NaN : scaledByStep[j] / countByStep[j];
        }
        return new Result(forecasts == 0 ? Double.NaN : scaledSum / forecasts, byStep, forecasts == 0 ? Double.NaN : absoluteSum / forecasts,
                withInterval == 0 ? Double.NaN : (double) inside / withInterval, origins, forecasts, skipped);
    }
}
