package io.percept.analytics.forecast;

import io.percept.analytics.stats.Quantiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Exponential smoothing state space models (ETS; Holt-Winters with its variants) in the form of
 * Hyndman and Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed., 2021; FPP3),
 * chapter 8, and Hyndman, Koehler, Ord and Snyder, "Forecasting with Exponential Smoothing: The
 * State Space Approach" (Springer 2008; HKOS).
 *
 * <p><b>Models.</b> A level; a trend that is absent (N), additive (A) or additive damped (Ad, with
 * damping phi); a seasonal component with period m that is absent (N), additive (A) or
 * multiplicative (M). Additive and absent seasonality come with additive errors, multiplicative
 * seasonality with multiplicative (relative) errors, so the nine models are ETS(A,N,N),
 * ETS(A,A,N), ETS(A,Ad,N), ETS(A,N,A), ETS(A,A,A), ETS(A,Ad,A), ETS(M,N,M), ETS(M,A,M) and
 * ETS(M,Ad,M): the additive-error models with multiplicative seasonality are left out because
 * they divide by states that can come near 0 (FPP3 section 8.7). The equations (FPP3 table 8.7),
 * with mu the one-step forecast and e its error:
 * <pre>
 *   additive:        mu = l + phi b + s[t-m]          e = y - mu
 *                    l' = l + phi b + alpha e    b' = phi b + beta e    s[t] = s[t-m] + gamma e
 *   multiplicative:  mu = (l + phi b) s[t-m]          e = (y - mu) / mu
 *                    l' = (l + phi b)(1 + alpha e)    b' = phi b + beta (l + phi b) e    s[t] = s[t-m](1 + gamma e)
 * </pre>
 * (phi = 1 for an undamped trend, b = 0 without a trend).
 *
 * <p><b>Estimation.</b> Initial states by the heuristic of HKOS section 2.6.1 (as R's
 * {@code forecast::ets}): seasonal indices from a classical decomposition (centred 2 x m moving
 * average) of the first two or three seasons, normalised to sum 0 (additive) or average 1
 * (multiplicative); level and trend from a straight line through the first max(10, 2m)
 * seasonally adjusted values. Then alpha, beta, gamma, phi, the initial level and the initial
 * trend are estimated by maximum likelihood - for additive errors that is minimising the sum of
 * squared one-step errors, for multiplicative ones {@code n log(sum e^2) + 2 sum log|mu|} - by
 * Percept's Nelder-Mead on a transformed space that keeps the usual bounds of FPP3 section 8.6
 * (0 < alpha < 1, 0 < beta < alpha, 0 < gamma < 1 - alpha, 0.8 <= phi <= 0.98) with logistic
 * maps, restarted from its best point. The initial seasonal indices stay at the heuristic's
 * values (they are counted as estimated parameters all the same).
 *
 * <p><b>Selection.</b> {@link #select} fits every candidate the series can support and keeps the
 * lowest AICc = -2 log L + 2k + 2k(k + 1)/(n - k - 1), k counting the smoothing parameters, the
 * initial states (m - 1 seasonal ones; for periods above 24, such as 52 weeks, the initial pattern
 * is a sum of 6 harmonics, 12 values, or a yearly season would cost 51 parameters and lose to
 * every trend model on two or three years of data) and the variance. A seasonal model needs two full seasons
 * and every model needs n > k + 1; with fewer observations selection falls back to simpler
 * models, and below five observations to the naive method. Multiplicative seasonality needs
 * strictly positive data, so series with zeros (intermittent demand) get additive models.
 *
 * <p><b>Prediction intervals.</b> For the additive-error models, the analytic normal interval of
 * HKOS chapter 6 (FPP3 table 8.8): {@code var(h) = sigma^2 (1 + sum_{j<h} c_j^2)} with
 * {@code c_j = alpha + beta phi_j + gamma [j mod m = 0]}, {@code phi_j = phi + ... + phi^j}. For the
 * multiplicative ones, which have no closed form, quantiles of seeded simulated sample paths.
 * Sigma^2 is the sum of squared (relative, for M) one-step errors divided by n - k + 1.
 */
public final class Ets {

    static final double LOWER = 1e-4;
    static final double UPPER = 1 - 1e-4;
    static final double PHI_LOWER = 0.8;
    static final double PHI_UPPER = 0.98;
    private static final double TOLERANCE = 1e-6;
    /** Periods up to this have an initial seasonal pattern of m free values; longer ones a sum of harmonics. */
    static final int MAX_FREE_PERIOD = 24;
    /** Harmonics of the initial seasonal pattern of a long period (52 weeks: 12 values instead of 51). */
    static final int HARMONICS = 6;

    private Ets() {
    }

    /** The trend component. */
    public enum Trend {
        NONE("N"), ADDITIVE("A"), DAMPED("Ad");

        private final String code;

        Trend(String code) {
            this.code = code;
        }

        /** N, A or Ad, as in the model's name. */
        public String code() {
            return code;
        }
    }

    /** The seasonal component; multiplicative seasonality comes with multiplicative errors. */
    public enum Season {
        NONE("N"), ADDITIVE("A"), MULTIPLICATIVE("M");

        private final String code;

        Season(String code) {
            this.code = code;
        }

        /** N, A or M, as in the model's name. */
        public String code() {
            return code;
        }
    }

    /**
     * One ETS model.
     *
     * @param period the season length m; normalised to 1 for a non-seasonal model
     */
    public record Model(Trend trend, Season season, int period) {

        public Model {
            Objects.requireNonNull(trend, "trend");
            Objects.requireNonNull(season, "season");
            if (period < 1) {
                throw new IllegalArgumentException("period must be at least 1, was " + period);
            }
            if (season == Season.NONE) {
                period = 1;
            } else if (period < 2) {
                throw new IllegalArgumentException("a seasonal model needs a period of at least 2, was " + period);
            }
        }

        /** Whether the errors (and the seasonality) are multiplicative. */
        public boolean multiplicative() {
            return season == Season.MULTIPLICATIVE;
        }

        /** The name in the ETS(error, trend, season)[m] taxonomy, e.g. {@code ETS(A,Ad,A)[7]}. */
        public String name() {
            return "ETS(" + (multiplicative() ? "M" : "A") + "," + trend.code() + "," + season.code() + ")"
                    + (season == Season.NONE ? "" : "[" + period + "]");
        }

        /** Smoothing parameters: alpha, and beta, gamma, phi where present. */
        public int smoothingParameters() {
            return 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? 1 : 0) + (trend == Trend.DAMPED ? 1 : 0);
        }

        /**
         * k of the AICc: smoothing parameters, initial states and the error variance. The initial
         * seasonal pattern has m - 1 free values, or 2 x {@value #HARMONICS} when it is a sum of
         * harmonics (periods above {@value #MAX_FREE_PERIOD}).
         */
        public int parameters() {
            return smoothingParameters() + 1 + (trend != Trend.NONE ? 1 : 0) + seasonalStates() + 1;
        }

        /** The free initial seasonal values counted in k. */
        int seasonalStates() {
            if (season == Season.NONE) {
                return 0;
            }
            return period > MAX_FREE_PERIOD ? 2 * HARMONICS : period - 1;
        }

        /** The fewest observations the model is fitted to: two full seasons, and n > k + 1 for the AICc. */
        public int minimumLength() {
            return Math.max(season == Season.NONE ? 0 : 2 * period, parameters() + 2);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /**
     * What {@link #select} may choose from, and how it fits.
     *
     * @param period          the season length m (7 for daily data with a weekly cycle, 52 for weekly
     *                        data with a yearly one, 1 for none)
     * @param trends          the trends to try
     * @param seasons         the seasonal components to try; only {@code NONE} when the period is 1
     * @param restarts        Nelder-Mead restarts from the best point, 0 to 10
     * @param maxEvaluations  likelihood evaluations per Nelder-Mead run, at least 50
     * @param simulationPaths sample paths for the intervals of multiplicative models, at least 100
     * @param seed            the seed of those paths
     */
    public record Options(int period, Set<Trend> trends, Set<Season> seasons, int restarts, int maxEvaluations, int simulationPaths,
                          long seed) {

        public Options {
            if (period < 1) {
                throw new IllegalArgumentException("period must be at least 1, was " + period);
            }
            if (trends == null || trends.isEmpty() || seasons == null || seasons.isEmpty()) {
                throw new IllegalArgumentException("trends and seasons must each name at least one component");
            }
            trends = Collections.unmodifiableSet(EnumSet.copyOf(trends));
            seasons = Collections.unmodifiableSet(EnumSet.copyOf(seasons));
            if (period == 1 && !seasons.equals(EnumSet.of(Season.NONE))) {
                throw new IllegalArgumentException("seasonal models need a period of at least 2; with period 1 seasons must be NONE only");
            }
            if (restarts < 0 || restarts > 10) {
                throw new IllegalArgumentException("restarts must be 0 to 10, was " + restarts);
            }
            if (maxEvaluations < 50) {
                throw new IllegalArgumentException("maxEvaluations must be at least 50, was " + maxEvaluations);
            }
            if (simulationPaths < 100) {
                throw new IllegalArgumentException("simulationPaths must be at least 100, was " + simulationPaths);
            }
        }

        /** Every trend, and with a period of 2 or more every seasonal component; 2 restarts, 1,000 evaluations, 2,000 paths, seed 42. */
        public static Options defaults(int period) {
            return new Options(period, EnumSet.allOf(Trend.class), period == 1 ? EnumSet.of(Season.NONE) : EnumSet.allOf(Season.class),
                    2, 1000, 2000, 42);
        }

        public Options withTrends(Trend first, Trend... rest) {
            return new Options(period, EnumSet.of(first, rest), seasons, restarts, maxEvaluations, simulationPaths, seed);
        }

        public Options withSeasons(Season first, Season... rest) {
            return new Options(period, trends, EnumSet.of(first, rest), restarts, maxEvaluations, simulationPaths, seed);
        }

        /** The candidate models, simplest first (non-seasonal before seasonal, N before A before Ad). */
        public List<Model> candidates() {
            List<Model> models = new ArrayList<>();
            for (Season season : seasons) {
                for (Trend trend : trends) {
                    models.add(new Model(trend, season, period));
                }
            }
            return models;
        }
    }

    /**
     * A fitted model: parameters, states and fit statistics; {@link #forecast} forecasts from it.
     *
     * @param model         the model
     * @param estimated     false for the naive fallback of a series too short for any model
     *                      (ETS(A,N,N) with alpha = 1, no AICc)
     * @param alpha         level smoothing
     * @param beta          trend smoothing (0 without a trend)
     * @param gamma         seasonal smoothing (0 without a season)
     * @param phi           damping (1 for an undamped trend, 0 without a trend)
     * @param initialLevel  l at time 0, before the first observation
     * @param initialTrend  b at time 0
     * @param initialSeason the seasonal indices before the first observation, by phase: index
     *                      {@code t mod m} is the one the observation at {@code t} starts from
     * @param lastLevel     l after the last observation
     * @param lastTrend     b after the last observation
     * @param lastSeason    the seasonal indices after the last observation, by phase
     *                      ({@code (n + h - 1) mod m} is the one of step h ahead)
     * @param length        n, the number of observations fitted
     * @param sigma2        the one-step error variance (of relative errors for multiplicative models)
     * @param logLikelihood the Gaussian log-likelihood
     * @param aicc          the corrected Akaike information criterion (NaN for the naive fallback)
     * @param fitted        the one-step forecasts of the observations
     * @param residuals     observation minus one-step forecast
     * @param evaluations   likelihood evaluations the fit took
     * @param options       the options it was fitted with (their seed and path count make the
     *                      simulated intervals)
     * @param fingerprint   a hash of the series' values, to tell which data a fit came from
     */
    public record Fit(Model model, boolean estimated, double alpha, double beta, double gamma, double phi, double initialLevel,
                      double initialTrend, double[] initialSeason, double lastLevel, double lastTrend, double[] lastSeason, int length,
                      double sigma2, double logLikelihood, double aicc, double[] fitted, double[] residuals, int evaluations,
                      Options options, long fingerprint) {

        /** A description such as {@code ETS(A,Ad,A)[7] alpha=0.31 beta=0.01 gamma=0.12 phi=0.95 AICc=1234.5}. */
        public String describe() {
            StringBuilder text = new StringBuilder(estimated ? model.name() : "NAIVE");
            text.append(String.format(java.util.Locale.ROOT, " alpha=%.3f", alpha));
            if (model.trend() != Trend.NONE) {
                text.append(String.format(java.util.Locale.ROOT, " beta=%.3f", beta));
            }
            if (model.season() != Season.NONE) {
                text.append(String.format(java.util.Locale.ROOT, " gamma=%.3f", gamma));
            }
            if (model.trend() == Trend.DAMPED) {
                text.append(String.format(java.util.Locale.ROOT, " phi=%.3f", phi));
            }
            if (estimated) {
                text.append(String.format(java.util.Locale.ROOT, " AICc=%.1f", aicc));
            }
            return text.toString();
        }

        /**
         * Point forecasts and prediction intervals for steps 1..horizon.
         *
         * @param coverage the nominal coverage of the intervals, e.g. 0.95
         */
        public Forecast forecast(int horizon, double coverage) {
            Forecast.checkHorizon(horizon);
            Forecast.checkCoverage(coverage);
            int m = model.period();
            boolean seasonal = model.season() != Season.NONE;
            double damping = model.trend() == Trend.NONE ? 0 : model.trend() == Trend.DAMPED ? phi : 1;
            double[] mean = new double[horizon];
            double[] lower = new double[horizon];
            double[] upper = new double[horizon];
            double phiSum = 0;
            double power = 1;
            for (int h = 1; h <= horizon; h++) {
                power *= damping;
                phiSum += power;
                double base = lastLevel + phiSum * lastTrend;
                double s = seasonal ? lastSeason[(length + h - 1) % m] : model.multiplicative() ? 1 : 0;
                mean[h - 1] = model.multiplicative() ? base * s : base + s;
            }
            String how;
            if (!(sigma2 >= 0)) {
                java.util.Arrays.fill(lower, Double.NaN);
                java.util.Arrays.fill(upper, Double.NaN);
                how = "none";
            } else if (!model.multiplicative()) {
                double z = Normal.quantile(0.5 + coverage / 2);
                double sum = 0;
                phiSum = 0;
                power = 1;
                for (int h = 1; h <= horizon; h++) {
                    double sd = Math.sqrt(sigma2 * (1 + sum));
                    lower[h - 1] = mean[h - 1] - z * sd;
                    upper[h - 1] = mean[h - 1] + z * sd;
                    // c_h for the next step's variance
                    power *= damping;
                    phiSum += power;
                    double c = alpha + beta * phiSum + (seasonal && h % m == 0 ? gamma : 0);
                    sum += c * c;
                }
                how = "analytic";
            } else {
                simulate(horizon, coverage, lower, upper);
                how = "simulated";
            }
            return new Forecast(estimated ? model.name() : "NAIVE", mean, lower, upper, coverage, how);
        }

        /** Interval bounds from seeded sample paths of the multiplicative model. */
        private void simulate(int horizon, double coverage, double[] lower, double[] upper) {
            int m = model.period();
            double sigma = Math.sqrt(sigma2);
            double damping = model.trend() == Trend.NONE ? 0 : model.trend() == Trend.DAMPED ? phi : 1;
            int paths = options.simulationPaths();
            double[][] values = new double[horizon][paths];
            double[] s = new double[m];
            SplittableRandom random = new SplittableRandom(options.seed());
            for (int path = 0; path < paths; path++) {
                double l = lastLevel;
                double b = lastTrend;
                System.arraycopy(lastSeason, 0, s, 0, m);
                for (int h = 1; h <= horizon; h++) {
                    int phase = (length + h - 1) % m;
                    double base = l + damping * b;
                    double mu = base * s[phase];
                    double e = sigma * Normal.draw(random);
                    values[h - 1][path] = mu * (1 + e);
                    l = base * (1 + alpha * e);
                    b = damping * b + beta * base * e;
                    s[phase] = s[phase] * (1 + gamma * e);
                }
            }
            double tail = (1 - coverage) / 2;
            for (int h = 0; h < horizon; h++) {
                double[] q = Quantiles.of(values[h], tail, 1 - tail);
                lower[h] = q[0];
                upper[h] = q[1];
            }
        }
    }

    /**
     * Fits every candidate of {@code options} that the series supports and returns the one with the
     * lowest AICc (the simpler on ties); the naive method when the series is too short for any
     * model (fewer than 5 observations).
     *
     * @param y the series, oldest first, every value finite (fill missing periods before)
     */
    public static Fit select(double[] y, Options options) {
        List<Fit> fits = fitAll(y, options);
        Fit best = null;
        for (Fit fit : fits) {
            if (best == null || fit.aicc() < best.aicc()) {
                best = fit;
            }
        }
        return best;
    }

    /**
     * Every candidate of {@code options} that the series supports, fitted, in candidate order; when
     * none is supported, ETS(A,N,N) if the series allows it, else the naive method alone.
     */
    public static List<Fit> fitAll(double[] y, Options options) {
        Forecast.checkSeries(y);
        Objects.requireNonNull(options, "options");
        List<Fit> fits = new ArrayList<>();
        for (Model model : options.candidates()) {
            if (supports(y, model)) {
                fits.add(estimate(y, model, options));
            }
        }
        if (fits.isEmpty()) {
            Model simple = new Model(Trend.NONE, Season.NONE, 1);
            fits.add(supports(y, simple) ? estimate(y, simple, options) : naive(y, options));
        }
        return fits;
    }

    /**
     * Fits one model.
     *
     * @throws IllegalArgumentException if the series is shorter than {@link Model#minimumLength()},
     *                                  or the model is multiplicative and a value is 0 or less
     */
    public static Fit fit(double[] y, Model model, Options options) {
        Forecast.checkSeries(y);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        if (y.length < model.minimumLength()) {
            throw new IllegalArgumentException(model.name() + " needs at least " + model.minimumLength() + " observations, got " + y.length);
        }
        if (model.multiplicative() && !positive(y)) {
            throw new IllegalArgumentException(model.name() + " needs strictly positive values; the series has zeros or negatives");
        }
        return estimate(y, model, options);
    }

    /** Whether {@link #fit} accepts this series for this model. */
    public static boolean supports(double[] y, Model model) {
        return y.length >= model.minimumLength() && (!model.multiplicative() || positive(y));
    }

    private static boolean positive(double[] y) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    /** The naive method as ETS(A,N,N) with alpha = 1 (a random walk); sigma^2 from the first differences. */
    private static Fit naive(double[] y, Options options) {
        int n = y.length;
        double[] fitted = new double[n];
        double[] residuals = new double[n];
        double sum = 0;
        fitted[0] = y[0];
        for (int t = 1; t < n; t++) {
            fitted[t] = y[t - 1];
            residuals[t] = y[t] - y[t - 1];
            sum += residuals[t] * residuals[t];
        }
        double sigma2 = n > 1 ? sum / (n - 1) : Double.NaN;
        return new Fit(new Model(Trend.NONE, Season.NONE, 1), false, 1, 0, 0, 0, y[0], 0, new double[] {0}, y[n - 1], 0, new double[] {0},
                n, sigma2, Double.NaN, Double.NaN, fitted, residuals, 0, options, fingerprint(y));
    }

    /** The heuristic initial states, the likelihood's optimum from them, and the fit's statistics. */
    private static Fit estimate(double[] y, Model model, Options options) {
        int n = y.length;
        int m = model.period();
        boolean trend = model.trend() != Trend.NONE;
        boolean seasonal = model.season() != Season.NONE;
        boolean damped = model.trend() == Trend.DAMPED;
        double[] season0 = seasonal ? initialSeason(y, m, model.multiplicative()) : new double[] {model.multiplicative() ? 1 : 0};
        double[] line = initialLevelAndTrend(y, season0, m, seasonal, model.multiplicative(), trend);
        double scale = 0;
        for (int t = 1; t < n; t++) {
            scale += Math.abs(y[t] - y[t - 1]);
        }
        scale = n > 1 ? scale / (n - 1) : 0;
        double magnitude = 0;
        for (double v : y) {
            magnitude = Math.max(magnitude, Math.abs(v));
        }
        scale = Math.max(scale, Math.max(magnitude * 1e-6, 1e-12));
        Layout layout = new Layout(trend, seasonal, damped, line[0], line[1], scale, scale / Math.max(10, m));
        double alpha0 = seasonal ? 0.1 : 0.2;
        double[] start = layout.encode(alpha0, 0.1 * alpha0, 0.05 * (1 - alpha0), 0.95, line[0], line[1]);
        double[] steps = new double[start.length];
        java.util.Arrays.fill(steps, 1.0);
        Objective objective = new Objective(y, model, layout, season0, magnitude);
        NelderMead.Result best = NelderMead.minimize(objective, start, steps, options.maxEvaluations(), options.restarts(), TOLERANCE);
        double[] p = layout.decode(best.point());
        double[] fitted = new double[n];
        double[] seasonEnd = season0.clone();
        double[] end = new double[2];
        double[] sums = run(y, model, p, seasonEnd, fitted, end);
        double[] residuals = new double[n];
        for (int t = 0; t < n; t++) {
            residuals[t] = y[t] - fitted[t];
        }
        int k = model.parameters();
        double criterion = criterion(sums, n, model.multiplicative(), magnitude);
        double logLikelihood = -0.5 * (criterion + n * (1 + Math.log(2 * Math.PI)));
        double aicc = -2 * logLikelihood + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
        double sigma2 = sums[0] / (n - k + 1);
        return new Fit(model, true, p[0], p[1], p[2], p[3], p[4], p[5], season0, end[0], end[1], seasonEnd, n, sigma2, logLikelihood,
                aicc, fitted, residuals, best.evaluations(), options, fingerprint(y));
    }

    /** A 64-bit polynomial hash of the values' bits: the same series gives the same fingerprint. */
    static long fingerprint(double[] y) {
        long hash = 1125899906842597L;
        for (double v : y) {
            long bits = Double.doubleToLongBits(v);
            hash = 31 * hash + (bits ^ (bits >>> 32));
        }
        return 31 * hash + y.length;
    }

    /**
     * -2 log L without its constant n (1 + log 2 pi): {@code n log(SSE / n)}, plus
     * {@code 2 sum log|mu|} for multiplicative errors; the SSE is floored so that a perfect fit
     * (a constant series) stays finite and the AICc then prefers the simplest model.
     */
    private static double criterion(double[] sums, int n, boolean multiplicative, double magnitude) {
        double floor = multiplicative ? 1e-18 : 1e-18 * Math.max(magnitude * magnitude, 1e-300);
        double sse = Math.max(sums[0], n * floor);
        return n * Math.log(sse / n) + (multiplicative ? 2 * sums[1] : 0);
    }

    /** The likelihood as a function of the transformed parameters; never NaN. */
    private static final class Objective implements java.util.function.ToDoubleFunction<double[]> {

        private final double[] y;
        private final Model model;
        private final Layout layout;
        private final double[] season0;
        private final double[] season;
        private final double magnitude;

        Objective(double[] y, Model model, Layout layout, double[] season0, double magnitude) {
            this.y = y;
            this.model = model;
            this.layout = layout;
            this.season0 = season0;
            this.season = new double[season0.length];
            this.magnitude = magnitude;
        }

        @Override
        public double applyAsDouble(double[] u) {
            double[] p = layout.decode(u);
            System.arraycopy(season0, 0, season, 0, season.length);
            double[] sums = run(y, model, p, season, null, null);
            if (!(sums[0] < Double.POSITIVE_INFINITY) || !(sums[1] < Double.POSITIVE_INFINITY)) {
                return Double.POSITIVE_INFINITY;
            }
            double value = criterion(sums, y.length, model.multiplicative(), magnitude);
            return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
        }
    }

    /**
     * The state recursion over the series.
     *
     * @param p      alpha, beta, gamma, phi, initial level, initial trend
     * @param season the initial seasonal indices by phase, updated in place to the final ones
     * @param fitted where to write the one-step forecasts, or null
     * @param end    where to write the final level and trend, or null
     * @return the sum of squared errors (relative for multiplicative models) and the sum of log mu
     *         (multiplicative only); infinite when a multiplicative model's forecast is not positive
     */
    static double[] run(double[] y, Model model, double[] p, double[] season, double[] fitted, double[] end) {
        double alpha = p[0];
        double beta = p[1];
        double gamma = p[2];
        double l = p[4];
        double b = p[5];
        int m = model.period();
        double phi = model.trend() == Trend.NONE ? 0 : model.trend() == Trend.DAMPED ? p[3] : 1;
        boolean seasonal = model.season() != Season.NONE;
        double sse = 0;
        double logs = 0;
        int phase = 0;
        if (model.multiplicative()) {
            // sum of log mu as the log of a running product, taken when it leaves [1e-100, 1e100]: one log per ~100 steps
            double product = 1;
            for (int t = 0; t < y.length; t++) {
                double base = l + phi * b;
                double s = season[phase];
                double mu = base * s;
                if (!(mu > 0) || !(base > 0)) {
                    return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
                }
                double e = (y[t] - mu) / mu;
                sse += e * e;
                product *= mu;
                if (product > 1e100 || product < 1e-100) {
                    logs += Math.log(product);
                    product = 1;
                }
                if (fitted != null) {
                    fitted[t] = mu;
                }
                l = base * (1 + alpha * e);
                b = phi * b + beta * base * e;
                season[phase] = s * (1 + gamma * e);
                if (++phase == m) {
                    phase = 0;
                }
            }
            logs += Math.log(product);
        } else {
            for (int t = 0; t < y.length; t++) {
                double base = l + phi * b;
                double s = seasonal ? season[phase] : 0;
                double mu = base + s;
                double e = y[t] - mu;
                sse += e * e;
                if (fitted != null) {
                    fitted[t] = mu;
                }
                l = base + alpha * e;
                b = phi * b + beta * e;
                if (seasonal) {
                    season[phase] = s + gamma * e;
                    if (++phase == m) {
                        phase = 0;
                    }
                }
            }
        }
        if (end != null) {
            end[0] = l;
            end[1] = b;
        }
        return new double[] {Double.isNaN(sse) ? Double.POSITIVE_INFINITY : sse, logs};
    }

    /**
     * Initial seasonal indices by phase (HKOS 2.6.1): a centred moving average (2 x m for even m)
     * over the first min(3, n / m) full seasons, the ratios or differences of the data to it
     * averaged per phase, normalised to average 1 (multiplicative) or 0 (additive).
     */
    static double[] initialSeason(double[] y, int m, boolean multiplicative) {
        int length = m * Math.min(3, y.length / m);
        int half = m / 2;
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = half; t < length - half; t++) {
            double ma;
            if (m % 2 == 1) {
                double s = 0;
                for (int i = t - half; i <= t + half; i++) {
                    s += y[i];
                }
                ma = s / m;
            } else {
                double s = 0.5 * (y[t - half] + y[t + half]);
                for (int i = t - half + 1; i < t + half; i++) {
                    s += y[i];
                }
                ma = s / m;
            }
            sum[t % m] += multiplicative ? y[t] / ma : y[t] - ma;
            count[t % m]++;
        }
        double[] season = new double[m];
        double total = 0;
        for (int j = 0; j < m; j++) {
            season[j] = sum[j] / count[j];
            total += season[j];
        }
        double mean = total / m;
        for (int j = 0; j < m; j++) {
            season[j] = multiplicative ? season[j] / mean : season[j] - mean;
        }
        return m > MAX_FREE_PERIOD ? harmonics(season, multiplicative) : season;
    }

    /**
     * A long seasonal pattern (e.g. 52 weeks, where two or three years give each week's index from
     * only two or three values) smoothed to its first {@value #HARMONICS} harmonics by least squares
     * (the discrete Fourier coefficients, the phases being evenly spaced), as in harmonic
     * regression with Fourier terms; multiplicative indices are smoothed as deviations from 1,
     * kept at 5 % or more and renormalised to average 1.
     */
    static double[] harmonics(double[] season, boolean multiplicative) {
        int m = season.length;
        double[] smooth = new double[m];
        for (int k = 1; k <= HARMONICS; k++) {
            double a = 0;
            double b = 0;
            for (int j = 0; j < m; j++) {
                double deviation = multiplicative ? season[j] - 1 : season[j];
                a += deviation * Math.cos(2 * Math.PI * k * j / m);
                b += deviation * Math.sin(2 * Math.PI * k * j / m);
            }
            double scale = 2.0 * k == m ? 1.0 / m : 2.0 / m;
            for (int j = 0; j < m; j++) {
                smooth[j] += scale * (a * Math.cos(2 * Math.PI * k * j / m) + b * Math.sin(2 * Math.PI * k * j / m));
            }
        }
        if (multiplicative) {
            double total = 0;
            for (int j = 0; j < m; j++) {
                smooth[j] = Math.max(0.05, 1 + smooth[j]);
                total += smooth[j];
            }
            for (int j = 0; j < m; j++) {
                smooth[j] *= m / total;
            }
        }
        return smooth;
    }

    /**
     * Initial level and trend (HKOS 2.6.1): a least-squares line through the first max(10, 2m)
     * seasonally adjusted values, its value at time 0 and its slope; without a trend, their mean.
     */
    static double[] initialLevelAndTrend(double[] y, double[] season, int m, boolean seasonal, boolean multiplicative, boolean trend) {
        int k = Math.min(Math.max(10, 2 * m), y.length);
        double[] adjusted = new double[k];
        for (int t = 0; t < k; t++) {
            double s = seasonal ? season[t % m] : multiplicative ? 1 : 0;
            adjusted[t] = multiplicative ? y[t] / s : y[t] - s;
        }
        double mean = 0;
        for (double v : adjusted) {
            mean += v;
        }
        mean /= k;
        if (!trend || k < 2) {
            return new double[] {mean, 0};
        }
        double xMean = (k + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < k; t++) {
            double dx = (t + 1) - xMean;
            sxy += dx * (adjusted[t] - mean);
            sxx += dx * dx;
        }
        double slope = sxy / sxx;
        return new double[] {mean - slope * xMean, slope};
    }

    /**
     * The map between the unconstrained space Nelder-Mead searches and the parameters: logistic
     * maps into the usual bounds (beta below alpha, gamma below 1 - alpha), initial level and
     * trend as offsets from the heuristic's values in units of the series' typical step.
     */
    private record Layout(boolean trend, boolean seasonal, boolean damped, double level0, double trend0, double levelScale,
                          double trendScale) {

        int dimensions() {
            return 2 + (trend ? 2 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0);
        }

        double[] encode(double alpha, double beta, double gamma, double phi, double level, double slope) {
            double[] u = new double[dimensions()];
            int i = 0;
            u[i++] = logit((alpha - LOWER) / (UPPER - LOWER));
            if (trend) {
                u[i++] = logit((beta - LOWER) / (alpha - LOWER));
            }
            if (seasonal) {
                u[i++] = logit((gamma - LOWER) / (1 - alpha - LOWER));
            }
            if (damped) {
                u[i++] = logit((phi - PHI_LOWER) / (PHI_UPPER - PHI_LOWER));
            }
            u[i++] = (level - level0) / levelScale;
            if (trend) {
                u[i] = (slope - trend0) / trendScale;
            }
            return u;
        }

        /** alpha, beta, gamma, phi, initial level, initial trend (0 for absent components, phi 1 undamped). */
        double[] decode(double[] u) {
            double[] p = new double[6];
            int i = 0;
            double alpha = LOWER + (UPPER - LOWER) * logistic(u[i++]);
            p[0] = alpha;
            p[1] = trend ? LOWER + (alpha - LOWER) * logistic(u[i++]) : 0;
            p[2] = seasonal ? LOWER + (1 - alpha - LOWER) * logistic(u[i++]) : 0;
            p[3] = damped ? PHI_LOWER + (PHI_UPPER - PHI_LOWER) * logistic(u[i++]) : trend ? 1 : 0;
            p[4] = level0 + u[i++] * levelScale;
            p[5] = trend ? trend0 + u[i] * trendScale : 0;
            return p;
        }

        private static double logistic(double u) {
            return 1 / (1 + Math.exp(-u));
        }

        private static double logit(double p) {
            double q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
            return Math.log(q / (1 - q));
        }
    }
}
