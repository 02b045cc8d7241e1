package io.percept.analytics.clv;

import io.percept.analytics.stats.GammaFunction;

/**
 * Special functions the models need: log Γ, digamma and the Gauss hypergeometric function
 * 2F1(a, b; c; z) for 0 ≤ z &lt; 1.
 */
public final class Special {

    private static final int MAX_TERMS = 1_000_000;
    private static final double RESCALE = 1e200;
    private static final double LOG_RESCALE = Math.log(RESCALE);

    private Special() {
    }

    /** ln Γ(x) for x &gt; 0; see {@link GammaFunction#logGamma}. */
    public static double logGamma(double x) {
        return GammaFunction.logGamma(x);
    }

    /** ψ(x) = d ln Γ(x) / dx for x &gt; 0 (recurrence up to 10, then the asymptotic series). */
    public static double digamma(double x) {
        if (!(x > 0)) {
            return Double.NaN;
        }
        double result = 0;
        while (x < 10) {
            result -= 1 / x;
            x += 1;
        }
        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        return result + Math.log(x) - 0.5 * inverse
                - inverse2 * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 / 132))));
    }

    /**
     * 2F1(a, b; c; z) by its power series, for 0 ≤ z &lt; 1 and c not 0 or a negative integer.
     * Summed until the remaining tail is below 1e-15 of the sum; infinite when the value overflows.
     *
     * @throws ArithmeticException when a million terms do not converge (z very close to 1)
     */
    public static double hyp2f1(double a, double b, double c, double z) {
        double[] logAndSign = logHyp2f1(a, b, c, z);
        return logAndSign[1] * Math.exp(logAndSign[0]);
    }

    /**
     * {ln |2F1(a, b; c; z)|, sign}: the series summed with rescaling, so that values beyond the double
     * range (large a and b with z near 1) stay usable in log space.
     *
     * @see #hyp2f1(double, double, double, double)
     */
    public static double[] logHyp2f1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("z must be in [0, 1), was " + z);
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("c must not be 0 or a negative integer, was " + c);
        }
        double settled = Math.max(Math.abs(a), Math.max(Math.abs(b), Math.abs(c)));
        double term = 1;
        double sum = 1;
        double logScale = 0;
        for (int n = 0; n < MAX_TERMS; n++) {
            double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (term == 0) {
                break;
            }
            // the tail is below term·q/(1 - q) for any q bounding every later ratio: once n exceeds |a|, |b| and |c| the
            // ratios move monotonically towards z; before that, with a, b, c > 0 and b <= c, (b + k)/(c + k) <= 1 and
            // (a + k)/(k + 1) never grows, so z·max(1, (a + n + 1)/(n + 2)) bounds them (a and b swapped when a <= c) —
            // which settles series like BG/NBD's with b and c in the tens of millions long before n reaches them
            double bound = 2;
            if (n > settled) {
                bound = Math.max(Math.abs(ratio), z);
            } else if (a > 0 && b > 0 && c > 0 && (b <= c || a <= c)) {
                double other = b <= c ? a : b;
                bound = z * Math.max(1, (other + n + 1) / (n + 2));
            }
            if (bound < 1 && Math.abs(term) * bound / (1 - bound) <= 1e-15 * Math.abs(sum)) {
                return new double[] {Math.log(Math.abs(sum)) + logScale, Math.signum(sum)};
            }
            if (Math.abs(sum) > RESCALE) {
                sum /= RESCALE;
                term /= RESCALE;
                logScale += LOG_RESCALE;
            }
        }
        if (term == 0) {
            return new double[] {Math.log(Math.abs(sum)) + logScale, Math.signum(sum)};
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in " + MAX_TERMS + " terms");
    }
}
