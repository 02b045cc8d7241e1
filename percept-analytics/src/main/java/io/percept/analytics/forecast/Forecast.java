package io.percept.analytics.forecast;

import java.util.Objects;

/**
 * Forecasts for the steps 1..h after the end of a series, with a prediction interval.
 *
 * @param model     what made them, e.g. {@code ETS(A,Ad,A)[7]} or {@code SNAIVE[7]}
 * @param mean      the point forecasts
 * @param lower     lower interval bounds; NaN where no interval can be estimated
 * @param upper     upper interval bounds; NaN where no interval can be estimated
 * @param coverage  the nominal probability of the interval, e.g. 0.95
 * @param intervals how the interval was made: {@code analytic} (the normal forecast variance of
 *                  the model), {@code simulated} (quantiles of seeded sample paths) or {@code none}
 */
public record Forecast(String model, double[] mean, double[] lower, double[] upper, double coverage, String intervals) {

    public Forecast {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(intervals, "intervals");
        if (mean.length == 0 || lower.length != mean.length || upper.length != mean.length) {
            throw new IllegalArgumentException("mean, lower and upper must have the same positive length");
        }
    }

    /** The number of steps forecast. */
    public int horizon() {
        return mean.length;
    }

    /** The same forecasts with every value below 0 raised to 0: for quantities that cannot be negative (demand, revenue). */
    public Forecast nonNegative() {
        double[] m = mean.clone();
        double[] l = lower.clone();
        double[] u = upper.clone();
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.max(0, m[i]);
            l[i] = Double.isNaN(l[i]) ? l[i] : Math.max(0, l[i]);
            u[i] = Double.isNaN(u[i]) ? u[i] : Math.max(0, u[i]);
        }
        return new Forecast(model, m, l, u, coverage, intervals);
    }

    static void checkCoverage(double coverage) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1), was " + coverage);
        }
    }

    static void checkHorizon(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, was " + horizon);
        }
    }

    static void checkSeries(double[] y) {
        Objects.requireNonNull(y, "series");
        if (y.length == 0) {
            throw new IllegalArgumentException("the series is empty");
        }
        for (int t = 0; t < y.length; t++) {
            if (!Double.isFinite(y[t])) {
                throw new IllegalArgumentException("the series has a non-finite value at " + t + " (" + y[t]
                        + "): fill missing periods (with 0 for demand) before forecasting");
            }
        }
    }
}
