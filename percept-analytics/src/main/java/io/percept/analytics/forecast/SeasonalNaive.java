package io.percept.analytics.forecast;

/**
 * The seasonal naive method: each forecast is the last observed value of the same season,
 * {@code y[n + h - m(k + 1)]} with {@code k = floor((h - 1) / m)}; with period 1 it is the naive
 * method (the last value). Its prediction interval is the normal one of Hyndman and Athanasopoulos,
 * "Forecasting: Principles and Practice" (3rd ed., 2021), section 5.5: standard deviation
 * {@code sigma sqrt(k + 1)}, sigma the root mean square of the in-sample seasonal differences.
 */
public final class SeasonalNaive {

    private SeasonalNaive() {
    }

    /**
     * Seasonal naive forecasts of {@code y} for {@code horizon} steps.
     *
     * @param period   the season length m (1: naive); a series shorter than m uses the naive method
     * @param coverage the nominal coverage of the interval, in (0, 1)
     */
    public static Forecast forecast(double[] y, int period, int horizon, double coverage) {
        Forecast.checkSeries(y);
        Forecast.checkHorizon(horizon);
        Forecast.checkCoverage(coverage);
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1, was " + period);
        }
        int n = y.length;
        int m = n > period ? period : 1;
        double sum = 0;
        for (int t = m; t < n; t++) {
            double d = y[t] - y[t - m];
            sum += d * d;
        }
        double sigma = n > m ? Math.sqrt(sum / (n - m)) : Double.NaN;
        double z = Normal.quantile(0.5 + coverage / 2);
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            int k = (h - 1) / m;
            mean[h - 1] = y[n + h - 1 - m * (k + 1)];
            double width = z * sigma * Math.sqrt(k + 1);
            lower[h - 1] = mean[h - 1] - width;
            upper[h - 1] = mean[h - 1] + width;
        }
        return new Forecast(m == 1 ? "NAIVE" : "SNAIVE[" + m + "]", mean, lower, upper, coverage, Double.isNaN(sigma) ? "none" : "analytic");
    }

    /**
     * The in-sample mean absolute error of the seasonal naive method on {@code y[0..end-1]}:
     * {@code mean |y[t] - y[t - m]|} over {@code t = m..end-1}, the MASE scale of Hyndman and Koehler
     * (2006). NaN when {@code end <= m}.
     */
    public static double scale(double[] y, int end, int period) {
        if (period < 1 || end > y.length) {
            throw new IllegalArgumentException("period must be at least 1 and end at most the series' length");
        }
        if (end <= period) {
            return Double.NaN;
        }
        double sum = 0;
        for (int t = period; t < end; t++) {
            sum += Math.abs(y[t] - y[t - period]);
        }
        return sum / (end - period);
    }
}
