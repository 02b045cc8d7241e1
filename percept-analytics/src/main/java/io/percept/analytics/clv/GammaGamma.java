package io.percept.analytics.clv;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 2005; Fader and Hardie,
 * "The Gamma-Gamma Model of Monetary Value", 2013): a customer's purchases are Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers, independent of how often they buy. Fitted by maximum likelihood
 * on each repeat customer's number of purchases x and their mean spend m̄ (BFGS over log-parameters).
 */
public final class GammaGamma {

    private GammaGamma() {
    }

    /** The model's parameters, all positive: the spend's shape {@code p}, and the scale's Gamma shape {@code q} and rate {@code gamma}. */
    public record Parameters(double p, double q, double gamma) {

        public Parameters {
            for (double value : new double[] {p, q, gamma}) {
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("Gamma-Gamma parameters must be positive and finite, were p=" + p + " q=" + q + " gamma=" + gamma);
                }
            }
        }
    }

    /**
     * Where a model came from.
     *
     * @param algorithm   always {@code gamma-gamma-mle-bfgs}
     * @param options     the fitting options
     * @param customers   how many repeat customers it was fitted on
     * @param fingerprint a hash of their (x, m̄)
     */
    public record Provenance(String algorithm, FitOptions options, int customers, long fingerprint) {
    }

    /**
     * A fitted model.
     *
     * @param parameters    the maximum-likelihood parameters
     * @param logLikelihood the log-likelihood there, summed over the repeat customers
     * @param iterations    BFGS iterations of the winning start
     * @param converged     whether that start converged
     * @param provenance    how it was made
     */
    public record Model(Parameters parameters, double logLikelihood, int iterations, boolean converged, Provenance provenance) {

        /**
         * E[M | x, m̄] = p (γ + x m̄) / (p x + q − 1): the expected spend per purchase of a customer with x
         * repeat purchases of mean m̄; the population mean p γ / (q − 1) for x = 0. Infinite when q ≤ 1 and x = 0.
         */
        public double expectedSpend(double x, double meanSpend) {
            Parameters m = parameters;
            if (x == 0 || !(meanSpend > 0)) {
                return m.q() > 1 ? m.p() * m.gamma() / (m.q() - 1) : Double.POSITIVE_INFINITY;
            }
            return m.p() * (m.gamma() + x * meanSpend) / (m.p() * x + m.q() - 1);
        }
    }

    /**
     * Fits the model to the customers with x &gt; 0 and m̄ &gt; 0 (the others carry no spend information).
     *
     * @param frequency repeat purchases per customer
     * @param meanSpend the mean spend of those purchases (NaN or 0 when none)
     * @throws IllegalArgumentException when fewer than 3 customers have repeat purchases with spend
     */
    public static Model fit(double[] frequency, double[] meanSpend, FitOptions options) {
        if (frequency.length != meanSpend.length) {
            throw new IllegalArgumentException("frequency and meanSpend must have one entry per customer");
        }
        int kept = 0;
        double[] x = new double[frequency.length];
        double[] m = new double[frequency.length];
        double total = 0;
        for (int i = 0; i < frequency.length; i++) {
            if (frequency[i] > 0 && meanSpend[i] > 0 && Double.isFinite(meanSpend[i])) {
                x[kept] = frequency[i];
                m[kept] = meanSpend[i];
                total += meanSpend[i];
                kept++;
            }
        }
        if (kept < 3) {
            throw new IllegalArgumentException("Gamma-Gamma needs at least 3 customers with repeat purchases and spend, had " + kept);
        }
        x = Arrays.copyOf(x, kept);
        m = Arrays.copyOf(m, kept);
        Likelihood likelihood = new Likelihood(x, m);
        double[] base = {0, Math.log(2), Math.log(total / kept)};
        Bfgs.Result best = Bfgs.minimizeFromStarts(likelihood, base, options);
        if (best == null) {
            throw new IllegalArgumentException("the Gamma-Gamma likelihood is not finite at any start");
        }
        double[] theta = best.x();
        Parameters parameters = new Parameters(Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]));
        return new Model(parameters, -best.value() * kept, best.iterations(), best.converged(),
                new Provenance("gamma-gamma-mle-bfgs", options, kept, Draws.fingerprint(x, m)));
    }

    /**
     * Simulates spends: each customer draws ν ~ Gamma(q, γ), then each of their purchases Gamma(p, ν).
     *
     * @param purchases how many purchases each customer makes
     * @return each customer's spends
     */
    public static double[][] simulate(Parameters parameters, int[] purchases, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] spends = new double[purchases.length][];
        for (int i = 0; i < purchases.length; i++) {
            double nu = Draws.gamma(random, parameters.q()) / parameters.gamma();
            spends[i] = new double[purchases[i]];
            for (int j = 0; j < purchases[i]; j++) {
                spends[i][j] = Draws.gamma(random, parameters.p()) / nu;
            }
        }
        return spends;
    }

    /**
     * −LL / n over (ln p, ln q, ln γ): the density of the mean m̄ of x Gamma(p, ν) spends, mixed over ν,
     * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄).
     */
    private static final class Likelihood implements Bfgs.Objective {

        private final double[] x;
        private final double[] logMean;
        private final double[] logX;
        private final double[] spend;

        /** Keeps the customers in order of x, so that the terms of x alone are computed once per distinct x. */
        Likelihood(double[] frequency, double[] meanSpend) {
            int n = frequency.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (i, j) -> Double.compare(frequency[i], frequency[j]));
            this.x = new double[n];
            this.spend = new double[n];
            this.logMean = new double[n];
            this.logX = new double[n];
            for (int k = 0; k < n; k++) {
                int i = order[k];
                x[k] = frequency[i];
                spend[k] = frequency[i] * meanSpend[i];
                logMean[k] = Math.log(meanSpend[i]);
                logX[k] = Math.log(frequency[i]);
            }
        }

        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            for (double value : theta) {
                if (!(Math.abs(value) < 30)) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            double p = Math.exp(theta[0]);
            double q = Math.exp(theta[1]);
            double gamma = Math.exp(theta[2]);
            double lgQ = Special.logGamma(q);
            double psiQ = Special.digamma(q);
            double sum = 0;
            double gp = 0;
            double gq = 0;
            double gg = 0;
            double lastX = Double.NaN;
            double constant = 0;
            double psiPxQ = 0;
            double psiPx = 0;
            for (int i = 0; i < x.length; i++) {
                double px = p * x[i];
                if (x[i] != lastX) {
                    lastX = x[i];
                    constant = Special.logGamma(px + q) - Special.logGamma(px) - lgQ;
                    psiPxQ = Special.digamma(px + q);
                    psiPx = Special.digamma(px);
                }
                double logTotal = Math.log(gamma + spend[i]);
                sum += constant + q * theta[2] + (px - 1) * logMean[i] + px * logX[i] - (px + q) * logTotal;
                gp += x[i] * (psiPxQ - psiPx + logMean[i] + logX[i] - logTotal);
                gq += psiPxQ - psiQ + theta[2] - logTotal;
                gg += q / gamma - (px + q) / (gamma + spend[i]);
            }
            double n = x.length;
            gradient[0] = -gp * p / n;
            gradient[1] = -gq * q / n;
            gradient[2] = -gg * gamma / n;
            return -sum / n;
        }
    }
}
