package io.percept.analytics.cluster;

import io.percept.analytics.stats.GammaFunction;
import java.util.Arrays;

/**
 * The distributions and tests segment comparison needs, in plain Java: the Student-t and standard
 * normal tail probabilities (through the regularised incomplete beta and gamma functions, by the
 * continued fractions of Numerical Recipes, 3rd ed., §6.2 and §6.4, with Lentz's method, and a
 * Lanczos log-gamma, g = 7, n = 9), Welch's unequal-variance t-test, the pooled two-proportion
 * z-test, effect sizes (Cohen's d, Hedges' g, Cohen's h) and the Benjamini-Hochberg adjustment.
 * Accurate to about 1e-12 relative against SciPy on the ranges the tests cover, including tails
 * down to 1e-300.
 */
public final class Significance {

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 100_000;

    private Significance() {
    }

    /** The result of a test: its statistic, degrees of freedom (infinite for z) and two-sided p-value. */
    public record Test(double statistic, double degreesOfFreedom, double pValue) {
    }

    /** {@code ln Γ(x)} for {@code x > 0} (see {@link GammaFunction#logGamma}). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, was " + x);
        }
        return GammaFunction.logGamma(x);
    }

    /** The regularised incomplete beta function {@code I_x(a, b)}, for {@code a, b > 0} and {@code x} in [0, 1]. */
    public static double regularizedBeta(double x, double a, double b) {
        if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("regularizedBeta needs a, b > 0 and x in [0, 1], was x=" + x + " a=" + a + " b=" + b);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    /** The continued fraction of the incomplete beta (Numerical Recipes' betacf, modified Lentz). */
    private static double betaFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = 1 / (Math.abs(d) < TINY ? TINY : d);
        double h = d;
        for (int m = 1; m <= MAX_TERMS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return h;
            }
        }
        return h;
    }

    /** The regularised upper incomplete gamma function {@code Q(a, x) = Γ(a, x) / Γ(a)}, for {@code a > 0}, {@code x >= 0}. */
    public static double regularizedGammaQ(double a, double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException("regularizedGammaQ needs a > 0 and x >= 0, was a=" + a + " x=" + x);
        }
        if (x == 0) {
            return 1;
        }
        double front = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n <= MAX_TERMS; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                    break;
                }
            }
            return 1 - sum * Math.exp(front);
        }
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= MAX_TERMS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(front) * h;
    }

    /** {@code P(|T| >= |t|)} for Student's t with {@code df > 0} degrees of freedom. */
    public static double studentTTwoSided(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, was " + df);
        }
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Double.isInfinite(df)) {
            return normalTwoSided(t);
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** {@code P(|Z| >= |z|)} for the standard normal: {@code erfc(|z| / sqrt 2) = Q(1/2, z² / 2)}. */
    public static double normalTwoSided(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (Double.isInfinite(z)) {
            return 0;
        }
        return regularizedGammaQ(0.5, z * z / 2);
    }

    /**
     * Welch's t-test of equal means from two samples' summaries (Welch 1947): {@code t = (m1 - m2) /
     * sqrt(v1/n1 + v2/n2)} with the Welch-Satterthwaite degrees of freedom; variances are the
     * unbiased sample variances. With both variances 0 the p-value is 1 for equal means and 0 otherwise.
     *
     * @throws IllegalArgumentException if a sample has fewer than two values
     */
    public static Test welch(double mean1, double variance1, long n1, double mean2, double variance2, long n2) {
        if (n1 < 2 || n2 < 2) {
            throw new IllegalArgumentException("Welch's test needs two or more values in each sample, had " + n1 + " and " + n2);
        }
        double se1 = variance1 / n1;
        double se2 = variance2 / n2;
        double se = se1 + se2;
        if (se == 0) {
            return mean1 == mean2 ? new Test(0, n1 + n2 - 2, 1) : new Test(Math.copySign(Double.POSITIVE_INFINITY, mean1 - mean2), n1 + n2 - 2, 0);
        }
        double t = (mean1 - mean2) / Math.sqrt(se);
        double df = se * se / (se1 * se1 / (n1 - 1) + se2 * se2 / (n2 - 1));
        return new Test(t, df, studentTTwoSided(t, df));
    }

    /**
     * The pooled two-proportion z-test of {@code p1 = p2}: {@code z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))}
     * with {@code p} the pooled proportion. p-value 1 when every value is 0 or every value is 1.
     */
    public static Test twoProportions(long successes1, long n1, long successes2, long n2) {
        if (n1 < 1 || n2 < 1 || successes1 < 0 || successes2 < 0 || successes1 > n1 || successes2 > n2) {
            throw new IllegalArgumentException("proportions need 0 <= successes <= n and n >= 1 in each sample");
        }
        double p1 = (double) successes1 / n1;
        double p2 = (double) successes2 / n2;
        double pooled = (double) (successes1 + successes2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new Test(0, Double.POSITIVE_INFINITY, 1);
        }
        double z = (p1 - p2) / se;
        return new Test(z, Double.POSITIVE_INFINITY, normalTwoSided(z));
    }

    /**
     * Cohen's d: the difference of means over the pooled standard deviation
     * {@code sqrt(((n1 - 1) v1 + (n2 - 1) v2) / (n1 + n2 - 2))}; 0 for equal means and ±∞ for
     * different means with no variance.
     */
    public static double cohensD(double mean1, double variance1, long n1, double mean2, double variance2, long n2) {
        double pooled = Math.sqrt(((n1 - 1) * variance1 + (n2 - 1) * variance2) / (n1 + n2 - 2));
        double difference = mean1 - mean2;
        if (pooled == 0) {
            return difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
        }
        return difference / pooled;
    }

    /**
     * Hedges' small-sample correction of Cohen's d (Hedges 1981): {@code g = J d} with the exact
     * {@code J = Γ(m/2) / (sqrt(m/2) Γ((m - 1)/2))}, {@code m = n1 + n2 - 2}.
     */
    public static double hedgesCorrection(long n1, long n2) {
        double m = n1 + n2 - 2;
        if (m < 2) {
            throw new IllegalArgumentException("Hedges' correction needs n1 + n2 >= 4, had " + (n1 + n2));
        }
        return Math.exp(logGamma(m / 2) - logGamma((m - 1) / 2)) / Math.sqrt(m / 2);
    }

    /** Cohen's h, the difference of arcsine-transformed proportions: {@code 2 asin(sqrt p1) - 2 asin(sqrt p2)}. */
    public static double cohensH(double p1, double p2) {
        return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
    }

    /**
     * Benjamini-Hochberg adjusted p-values (q-values; Benjamini and Hochberg, JRSS B 57, 1995): for
     * the i-th smallest of m p-values, {@code min over j >= i of p(j) m / j}, at most 1. Rejecting
     * every hypothesis with q at most α controls the false discovery rate at α. NaN p-values are left
     * out of m and get NaN.
     */
    public static double[] benjaminiHochberg(double[] pValues) {
        Integer[] order = new Integer[pValues.length];
        int m = 0;
        for (int i = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                if (pValues[i] < 0 || pValues[i] > 1) {
                    throw new IllegalArgumentException("p-value " + pValues[i] + " is not in [0, 1]");
                }
                order[m++] = i;
            }
        }
        Integer[] valid = Arrays.copyOf(order, m);
        Arrays.sort(valid, (x, y) -> Double.compare(pValues[x], pValues[y]));
        double[] q = new double[pValues.length];
        Arrays.fill(q, Double.NaN);
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int index = valid[rank - 1];
            running = Math.min(running, pValues[index] * m / rank);
            q[index] = running;
        }
        return q;
    }
}
