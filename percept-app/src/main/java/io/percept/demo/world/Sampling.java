package io.percept.demo.world;

import java.util.SplittableRandom;

/** Random variates the world needs, from a {@link SplittableRandom} so that a seed fixes them. */
final class Sampling {

    private Sampling() {
    }

    /** A random stream for item {@code index} of a seeded collection, independent of the others (SplitMix64 mixing). */
    static SplittableRandom stream(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    static double normal(SplittableRandom random) {
        // Box-Muller
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * Gamma(shape, scale) by Marsaglia and Tsang's method ("A simple method for generating gamma
     * variables", ACM TOMS 26(3), 2000); shapes below 1 through the boost Gamma(k+1) x U^(1/k).
     */
    static double gamma(SplittableRandom random, double shape, double scale) {
        if (shape < 1) {
            return gamma(random, shape + 1, scale) * Math.pow(1.0 - random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v * scale;
            }
        }
    }

    /** Beta(a, b) as X / (X + Y) of two gammas. */
    static double beta(SplittableRandom random, double a, double b) {
        double x = gamma(random, a, 1);
        double y = gamma(random, b, 1);
        return x / (x + y);
    }

    /** Dirichlet(alpha, ..., alpha) of the given size. */
    static double[] dirichlet(SplittableRandom random, int size, double alpha) {
        double[] weights = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            weights[i] = gamma(random, alpha, 1);
            sum += weights[i];
        }
        for (int i = 0; i < size; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    /** An index drawn with the given (non-negative, not all zero) weights. */
    static int pick(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double target = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
