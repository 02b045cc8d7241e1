package io.percept.analytics.clv;

import java.util.SplittableRandom;

/** Random draws the simulators need (and synthetic data elsewhere), from a seeded {@link SplittableRandom}. */
public final class Draws {

    private Draws() {
    }

    /** Gamma(shape, rate 1) by Marsaglia and Tsang (ACM TOMS 26, 2000), boosted for shape &lt; 1. */
    public static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(random, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Beta(a, b) as a ratio of gammas. */
    public static double beta(SplittableRandom random, double a, double b) {
        double x = gamma(random, a);
        double y = gamma(random, b);
        return x / (x + y);
    }

    /** A 64-bit fingerprint of some arrays of numbers (FNV-style mixing of their bits). */
    static long fingerprint(double[]... arrays) {
        long hash = 0xcbf29ce484222325L;
        for (double[] array : arrays) {
            if (array == null) {
                continue;
            }
            hash = (hash ^ array.length) * 0x100000001b3L;
            for (double value : array) {
                hash = (hash ^ Double.doubleToLongBits(value)) * 0x100000001b3L;
                hash ^= hash >>> 29;
            }
        }
        return hash;
    }
}
