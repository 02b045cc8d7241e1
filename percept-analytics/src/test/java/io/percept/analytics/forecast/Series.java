package io.percept.analytics.forecast;

import java.util.SplittableRandom;

/** Seeded test series. */
final class Series {

    private Series() {
    }

    static double gaussian(SplittableRandom random) {
        return Normal.draw(random);
    }

    /** Level + slope t + a weekly (or period-m) pattern of amplitude {@code amplitude} + N(0, noise^2). */
    static double[] seasonal(long seed, int n, int m, double level, double slope, double amplitude, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = level + slope * t + amplitude * Math.sin(2 * Math.PI * t / m) + 0.5 * amplitude * Math.cos(4 * Math.PI * t / m)
                    + noise * gaussian(random);
        }
        return y;
    }

    /** A Poisson draw (inversion for small means, normal approximation above 50). */
    static double poisson(SplittableRandom random, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = 1;
        int k = 0;
        do {
            k++;
            product *= random.nextDouble();
        } while (product > limit);
        return k - 1;
    }

    /** A binomial draw by counting. */
    static double binomial(SplittableRandom random, int trials, double p) {
        int k = 0;
        for (int i = 0; i < trials; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    /**
     * A path of ETS(A,A,A) (additive errors) from given states: the model's own data.
     *
     * @param season initial seasonal indices by phase
     */
    static double[] etsAaa(long seed, int n, double alpha, double beta, double gamma, double level, double trend, double[] season,
            double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = season.length;
        double[] s = season.clone();
        double[] y = new double[n];
        double l = level;
        double b = trend;
        for (int t = 0; t < n; t++) {
            double e = sigma * gaussian(random);
            double mu = l + b + s[t % m];
            y[t] = mu + e;
            l = l + b + alpha * e;
            b = b + beta * e;
            s[t % m] += gamma * e;
        }
        return y;
    }

    /** A path of ETS(M,A,M) (relative errors). */
    static double[] etsMam(long seed, int n, double alpha, double beta, double gamma, double level, double trend, double[] season,
            double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = season.length;
        double[] s = season.clone();
        double[] y = new double[n];
        double l = level;
        double b = trend;
        for (int t = 0; t < n; t++) {
            double e = sigma * gaussian(random);
            double base = l + b;
            y[t] = base * s[t % m] * (1 + e);
            l = base * (1 + alpha * e);
            b = b + beta * base * e;
            s[t % m] *= 1 + gamma * e;
        }
        return y;
    }
}
