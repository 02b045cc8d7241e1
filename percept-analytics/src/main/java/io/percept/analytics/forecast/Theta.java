package io.percept.analytics.forecast;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos, "The theta model: a decomposition approach to
 * forecasting", International Journal of Forecasting 16, 2000) in the form Hyndman and Billah showed
 * it to be ("Unmasking the Theta method", IJF 19, 2003): simple exponential smoothing with a drift of
 * half the slope b of the least-squares line through the series,
 * <pre>
 *   ŷ(n + h) = ℓ(n) + (b / 2) · (h − 1 + (1 − (1 − α)^n) / α)
 * </pre>
 * with ℓ(n) the smoothed level and α chosen by the smallest sum of squared one-step errors (level
 * started at y[0]; α on a grid of 0.005 refined by golden-section search, so the result is
 * deterministic). Intervals are those of SES, variance σ²(1 + (h − 1)α²) with σ² the one-step error
 * variance. A pure function of the series; no options.
 */
public final class Theta {

    private Theta() {
    }

    /**
     * A fitted Theta model.
     *
     * @param alpha  the smoothing parameter, in (0, 1)
     * @param level  ℓ(n), the smoothed level after the last observation
     * @param slope  b, the slope of the least-squares line through the series (per step)
     * @param length n, the observations fitted
     * @param sigma2 the variance of the one-step errors
     */
    public record Fit(double alpha, double level, double slope, int length, double sigma2) {

        /** Point forecasts and SES prediction intervals for steps 1..horizon. */
        public Forecast forecast(int horizon, double coverage) {
            Forecast.checkHorizon(horizon);
            Forecast.checkCoverage(coverage);
            double z = Normal.quantile(0.5 + coverage / 2);
            double drift = (1 - Math.pow(1 - alpha, length)) / alpha;
            double[] mean = new double[horizon];
            double[] lower = new double[horizon];
            double[] upper = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] = level + slope / 2 * (h - 1 + drift);
                double width = z * Math.sqrt(sigma2 * (1 + (h - 1) * alpha * alpha));
                lower[h - 1] = mean[h - 1] - width;
                upper[h - 1] = mean[h - 1] + width;
            }
            return new Forecast("THETA", mean, lower, upper, coverage, "analytic");
        }
    }

    /**
     * Fits the Theta method to {@code y}.
     *
     * @throws IllegalArgumentException if the series has fewer than 3 observations or a non-finite value
     */
    public static Fit fit(double[] y) {
        Forecast.checkSeries(y);
        int n = y.length;
        if (n < 3) {
            throw new IllegalArgumentException("the Theta method needs at least 3 observations, got " + n);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestAlpha = 0.5;
        for (int k = 1; k < 200; k++) {
            double sse = sse(y, k / 200.0);
            if (sse < best) {
                best = sse;
                bestAlpha = k / 200.0;
            }
        }
        // golden-section search within one grid step either side
        double a = Math.max(1e-4, bestAlpha - 0.005);
        double b = Math.min(1 - 1e-4, bestAlpha + 0.005);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a);
        double d = a + ratio * (b - a);
        for (int iteration = 0; iteration < 40; iteration++) {
            if (sse(y, c) < sse(y, d)) {
                b = d;
            } else {
                a = c;
            }
            c = b - ratio * (b - a);
            d = a + ratio * (b - a);
        }
        double alpha = (a + b) / 2;
        if (sse(y, alpha) > best) {
            alpha = bestAlpha;
        }
        double level = y[0];
        double squares = 0;
        for (int t = 1; t < n; t++) {
            double error = y[t] - level;
            squares += error * error;
            level += alpha * error;
        }
        double meanT = (n - 1) / 2.0;
        double meanY = 0;
        for (double v : y) {
            meanY += v;
        }
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t - meanT) * (y[t] - meanY);
            sxx += (t - meanT) * (t - meanT);
        }
        return new Fit(alpha, level, sxy / sxx, n, squares / (n - 1));
    }

    private static double sse(double[] y, double alpha) {
        double level = y[0];
        double sum = 0;
        for (int t = 1; t < y.length; t++) {
            double error = y[t] - level;
            sum += error * error;
            level += alpha * error;
        }
        return sum;
    }
}
