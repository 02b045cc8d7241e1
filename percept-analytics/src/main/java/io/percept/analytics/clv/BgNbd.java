package io.percept.analytics.clv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie and Lee, "Counting Your Customers the Easy
 * Way", Marketing Science 24(2), 2005): while alive a customer buys at Poisson rate λ, with λ ~
 * Gamma(r, α) across customers; after each repeat purchase they drop out with probability p, with
 * p ~ Beta(a, b). Fitted by maximum likelihood over the log-parameters (BFGS with the analytic
 * gradient, from several seeded starts), on each customer's (x, t_x, T) alone.
 */
public final class BgNbd {

    private static final int MAX_BUCKET = 7;

    private BgNbd() {
    }

    /**
     * The model's four parameters, all positive: the purchase rate's Gamma shape {@code r} and rate
     * {@code alpha} (in the summaries' time unit), and the dropout probability's Beta {@code a} and {@code b}.
     */
    public record Parameters(double r, double alpha, double a, double b) {

        public Parameters {
            for (double value : new double[] {r, alpha, a, b}) {
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("BG/NBD parameters must be positive and finite, were r=" + r + " alpha=" + alpha
                            + " a=" + a + " b=" + b);
                }
            }
        }
    }

    /**
     * Where a model came from.
     *
     * @param algorithm   always {@code bg-nbd-mle-bfgs}
     * @param options     the fitting options
     * @param customers   how many customers it was fitted on
     * @param fingerprint a hash of their (x, t_x, T)
     */
    public record Provenance(String algorithm, FitOptions options, int customers, long fingerprint) {
    }

    /**
     * A fitted model.
     *
     * @param parameters    the maximum-likelihood parameters
     * @param logLikelihood the log-likelihood there (summed over customers, without constants)
     * @param iterations    BFGS iterations of the winning start
     * @param converged     whether that start converged
     * @param provenance    how it was made
     */
    public record Model(Parameters parameters, double logLikelihood, int iterations, boolean converged, Provenance provenance) {

        /** The expected purchases of a customer with history (x, t_x, T) in (T, T + t]; see {@link BgNbd#expectedPurchases}. */
        public double expectedPurchases(double t, double x, double tx, double age) {
            return BgNbd.expectedPurchases(parameters, t, x, tx, age);
        }

        /** The probability that a customer with history (x, t_x, T) is still alive at T. */
        public double probabilityAlive(double x, double tx, double age) {
            return BgNbd.probabilityAlive(parameters, x, tx, age);
        }

        /** The expected purchases of a new customer in (0, t] after the first; see {@link BgNbd#expectedPopulationPurchases}. */
        public double expectedPopulationPurchases(double t) {
            return BgNbd.expectedPopulationPurchases(parameters, t);
        }
    }

    /**
     * Fits the model to customers' frequency x (repeat purchases), recency t_x and age T, all in one time unit.
     *
     * @throws IllegalArgumentException when the arrays differ in length, are empty or hold impossible histories
     */
    public static Model fit(double[] frequency, double[] recency, double[] age, FitOptions options) {
        int n = frequency.length;
        if (recency.length != n || age.length != n) {
            throw new IllegalArgumentException("frequency, recency and age must have one entry per customer");
        }
        if (n == 0) {
            throw new IllegalArgumentException("no customers to fit");
        }
        double meanX = 0;
        double meanAge = 0;
        for (int i = 0; i < n; i++) {
            if (!(frequency[i] >= 0 && frequency[i] == Math.rint(frequency[i]) && recency[i] >= 0 && age[i] >= recency[i])
                    || Double.isInfinite(age[i])) {
                throw new IllegalArgumentException("customer " + i + " has an impossible history x=" + frequency[i] + " t_x=" + recency[i]
                        + " T=" + age[i]);
            }
            if (frequency[i] > 0 && recency[i] <= 0) {
                throw new IllegalArgumentException("customer " + i + " has repeat purchases but recency 0");
            }
            meanX += frequency[i];
            meanAge += age[i];
        }
        meanX /= n;
        meanAge /= n;
        Likelihood likelihood = new Likelihood(frequency, recency, age);
        double rate = Math.max(meanX, 0.01) / Math.max(meanAge, 1e-3);
        double[] base = {0, Math.log(1 / rate), 0, 0};
        Bfgs.Result best = Bfgs.minimizeFromStarts(likelihood, base, options);
        if (best == null) {
            throw new IllegalArgumentException("the BG/NBD likelihood is not finite at any start");
        }
        double[] theta = best.x();
        Parameters parameters = new Parameters(Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]), Math.exp(theta[3]));
        return new Model(parameters, logLikelihood(parameters, frequency, recency, age), best.iterations(), best.converged(),
                new Provenance("bg-nbd-mle-bfgs", options, n, Draws.fingerprint(frequency, recency, age)));
    }

    /**
     * The log-likelihood of the customers' histories, summed: FHL (2005) equation 6 as
     * ln A1 + ln A2 + ln(e^{A3} + δ_{x&gt;0} e^{A4}) with
     * A1 = ln Γ(r+x) − ln Γ(r) + r ln α, A2 = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
     * A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
     */
    public static double logLikelihood(Parameters parameters, double[] frequency, double[] recency, double[] age) {
        Likelihood likelihood = new Likelihood(frequency, recency, age);
        double[] theta = {Math.log(parameters.r()), Math.log(parameters.alpha()), Math.log(parameters.a()), Math.log(parameters.b())};
        return -likelihood.valueAndGradient(theta, new double[4]) * frequency.length;
    }

    /**
     * FHL (2005) equation 10: E[Y(t) | x, t_x, T], the purchases expected in (T, T + t] of a customer
     * whose x repeat purchases came by t_x in an observation of length T:
     * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
     * / [1 + δ_{x&gt;0} a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}].
     * For a within 1e-9 of 1 (a removable singularity), a is moved to 1 + 1e-9.
     */
    public static double expectedPurchases(Parameters parameters, double t, double x, double tx, double age) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("t must be 0 or more, was " + t);
        }
        if (t == 0) {
            return 0;
        }
        double r = parameters.r();
        double alpha = parameters.alpha();
        double a = Math.abs(parameters.a() - 1) < 1e-9 ? 1 + 1e-9 : parameters.a();
        double b = parameters.b();
        double[] hypergeometric = Special.logHyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + age + t));
        double logTerm = (r + x) * Math.log((alpha + age) / (alpha + age + t)) + hypergeometric[0];
        double bracket = hypergeometric[1] > 0 ? -Math.expm1(logTerm) : 1 + Math.exp(logTerm);
        double numerator = (a + b + x - 1) / (a - 1) * bracket;
        if (x == 0) {
            return numerator;
        }
        double odds = Math.exp(Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + age) / (alpha + tx)));
        return numerator / (1 + odds);
    }

    /**
     * The probability that a customer is alive at T given (x, t_x, T) (Fader, Hardie and Lee, "Computing
     * P(alive) using the BG/NBD model", 2008): 1 for x = 0, else 1 / [1 + a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}].
     */
    public static double probabilityAlive(Parameters parameters, double x, double tx, double age) {
        if (x == 0) {
            return 1;
        }
        double r = parameters.r();
        double odds = Math.exp(Math.log(parameters.a() / (parameters.b() + x - 1))
                + (r + x) * Math.log((parameters.alpha() + age) / (parameters.alpha() + tx)));
        return 1 / (1 + odds);
    }

    /**
     * FHL (2005) equation 9: E[X(t)], the repeat purchases a customer is expected to make in (0, t]
     * after a first purchase at 0: (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
     */
    public static double expectedPopulationPurchases(Parameters parameters, double t) {
        return expectedPurchases(parameters, t, 0, 0, 0);
    }

    /** One row of the calibration/holdout table: customers with calibration frequency {@code frequency} (the last row: or more). */
    public record HoldoutRow(int frequency, int customers, double meanPredicted, double meanActual) {
    }

    /**
     * The calibration/holdout comparison.
     *
     * @param rows           by calibration frequency 0 to 7, the last row holding 7 or more (empty buckets omitted)
     * @param bucketMae      the mean over the rows of |mean predicted − mean actual|
     * @param weightedMae    the same weighted by the rows' customers
     * @param customerMae    the mean over customers of |predicted − actual|
     * @param meanActual     the mean actual holdout purchases over all customers
     * @param meanPredicted  the mean predicted holdout purchases over all customers
     */
    public record HoldoutTable(List<HoldoutRow> rows, double bucketMae, double weightedMae, double customerMae, double meanActual,
                               double meanPredicted) {

        public HoldoutTable {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Compares the purchases the model expects in a holdout period of {@code holdoutLength} units after
     * each customer's calibration age with those made, grouped by calibration frequency.
     */
    public static HoldoutTable calibrationHoldout(Model model, CustomerSummaries summaries) {
        int n = summaries.size();
        if (n == 0) {
            throw new IllegalArgumentException("no customers to compare");
        }
        double[] predicted = new double[MAX_BUCKET + 1];
        double[] actual = new double[MAX_BUCKET + 1];
        int[] counts = new int[MAX_BUCKET + 1];
        double customerError = 0;
        double totalActual = 0;
        double totalPredicted = 0;
        for (int i = 0; i < n; i++) {
            double expected = model.expectedPurchases(summaries.holdoutLength(), summaries.frequency()[i], summaries.recency()[i],
                    summaries.age()[i]);
            double observed = summaries.holdoutPurchases()[i];
            int bucket = (int) Math.min(MAX_BUCKET, summaries.frequency()[i]);
            predicted[bucket] += expected;
            actual[bucket] += observed;
            counts[bucket]++;
            customerError += Math.abs(expected - observed);
            totalActual += observed;
            totalPredicted += expected;
        }
        List<HoldoutRow> rows = new ArrayList<>();
        double bucketError = 0;
        double weightedError = 0;
        for (int bucket = 0; bucket <= MAX_BUCKET; bucket++) {
            if (counts[bucket] == 0) {
                continue;
            }
            HoldoutRow row = new HoldoutRow(bucket, counts[bucket], predicted[bucket] / counts[bucket], actual[bucket] / counts[bucket]);
            rows.add(row);
            double error = Math.abs(row.meanPredicted() - row.meanActual());
            bucketError += error;
            weightedError += error * counts[bucket];
        }
        return new HoldoutTable(rows, bucketError / rows.size(), weightedError / n, customerError / n, totalActual / n, totalPredicted / n);
    }

    /**
     * Simulates customers of the model: each makes a first purchase at time 0, then buys at Poisson
     * rate λ ~ Gamma(r, α) and after each repeat purchase drops out with probability p ~ Beta(a, b).
     *
     * @param ages each customer's observation length T (0 or more)
     * @return each customer's purchase times in [0, T], the first 0, ascending
     */
    public static double[][] simulate(Parameters parameters, double[] ages, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] times = new double[ages.length][];
        double[] buffer = new double[16];
        for (int i = 0; i < ages.length; i++) {
            double lambda = Draws.gamma(random, parameters.r()) / parameters.alpha();
            double p = Draws.beta(random, parameters.a(), parameters.b());
            int count = 1;
            buffer[0] = 0;
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                if (!(t <= ages[i])) {
                    break;
                }
                if (count == buffer.length) {
                    buffer = Arrays.copyOf(buffer, 2 * count);
                }
                buffer[count++] = t;
                if (random.nextDouble() < p) {
                    break;
                }
            }
            times[i] = Arrays.copyOf(buffer, count);
        }
        return times;
    }

    /** The objective the fit minimises, −LL / n over (ln r, ln α, ln a, ln b), for tests of its gradient. */
    static Bfgs.Objective objective(double[] frequency, double[] recency, double[] age) {
        return new Likelihood(frequency, recency, age);
    }

    /** −LL / n over log-parameters (ln r, ln α, ln a, ln b), with its gradient; terms that depend on x alone are computed once per distinct x. */
    private static final class Likelihood implements Bfgs.Objective {

        private final double[] recency;
        private final double[] age;
        private final double[] distinctX;
        private final int[] xIndex;
        private final double[] c12;
        private final double[] dr0;
        private final double[] da0;
        private final double[] db0;
        private final double[] k4;
        private final double[] inverseB;

        Likelihood(double[] frequency, double[] recency, double[] age) {
            this.recency = recency;
            this.age = age;
            double[] sorted = frequency.clone();
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            this.distinctX = Arrays.copyOf(sorted, distinct);
            this.xIndex = new int[frequency.length];
            for (int i = 0; i < frequency.length; i++) {
                xIndex[i] = Arrays.binarySearch(distinctX, frequency[i]);
            }
            this.c12 = new double[distinct];
            this.dr0 = new double[distinct];
            this.da0 = new double[distinct];
            this.db0 = new double[distinct];
            this.k4 = new double[distinct];
            this.inverseB = new double[distinct];
        }

        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            for (double value : theta) {
                if (!(Math.abs(value) < 30)) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            double r = Math.exp(theta[0]);
            double alpha = Math.exp(theta[1]);
            double a = Math.exp(theta[2]);
            double b = Math.exp(theta[3]);
            double logAlpha = theta[1];
            double logA = theta[2];
            double lgR = Special.logGamma(r);
            double lgAB = Special.logGamma(a + b);
            double lgB = Special.logGamma(b);
            double psiR = Special.digamma(r);
            double psiAB = Special.digamma(a + b);
            double psiB = Special.digamma(b);
            for (int k = 0; k < distinctX.length; k++) {
                double x = distinctX[k];
                c12[k] = Special.logGamma(r + x) - lgR + r * logAlpha + lgAB + Special.logGamma(b + x) - lgB - Special.logGamma(a + b + x);
                double psiABX = Special.digamma(a + b + x);
                dr0[k] = Special.digamma(r + x) - psiR + logAlpha;
                da0[k] = psiAB - psiABX;
                db0[k] = psiAB + Special.digamma(b + x) - psiB - psiABX;
                k4[k] = x > 0 ? logA - Math.log(b + x - 1) : 0;
                inverseB[k] = x > 0 ? 1 / (b + x - 1) : 0;
            }
            double sum = 0;
            double gr = 0;
            double gAlpha = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < xIndex.length; i++) {
                int k = xIndex[i];
                double x = distinctX[k];
                double rx = r + x;
                double logAgeTerm = Math.log(alpha + age[i]);
                double a3 = -rx * logAgeTerm;
                double w4 = 0;
                double logRecencyTerm = 0;
                double mixed = a3;
                if (x > 0) {
                    logRecencyTerm = Math.log(alpha + recency[i]);
                    double a4 = k4[k] - rx * logRecencyTerm;
                    double e = Math.exp(-Math.abs(a3 - a4));
                    mixed = Math.max(a3, a4) + Math.log1p(e);
                    w4 = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
                }
                double w3 = 1 - w4;
                sum += c12[k] + mixed;
                gr += dr0[k] - w3 * logAgeTerm - w4 * logRecencyTerm;
                gAlpha += r / alpha - rx * (w3 / (alpha + age[i]) + w4 / (alpha + recency[i]));
                ga += da0[k] + w4 / a;
                gb += db0[k] - w4 * inverseB[k];
            }
            double n = xIndex.length;
            gradient[0] = -gr * r / n;
            gradient[1] = -gAlpha * alpha / n;
            gradient[2] = -ga * a / n;
            gradient[3] = -gb * b / n;
            return -sum / n;
        }
    }
}
