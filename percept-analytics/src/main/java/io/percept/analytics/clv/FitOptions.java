package io.percept.analytics.clv;

/**
 * How the CLV models (BG/NBD, Gamma-Gamma) are fitted by maximum likelihood.
 *
 * @param starts        optimisations to run, the first from a data-driven start and the others from seeded
 *                      perturbations of it; the best likelihood wins (1 to 20)
 * @param maxIterations BFGS iterations per start (10 to 10,000)
 * @param seed          the perturbed starts
 */
public record FitOptions(int starts, int maxIterations, long seed) {

    public FitOptions {
        if (starts < 1 || starts > 20) {
            throw new IllegalArgumentException("starts must be between 1 and 20, was " + starts);
        }
        if (maxIterations < 10 || maxIterations > 10_000) {
            throw new IllegalArgumentException("maxIterations must be between 10 and 10000, was " + maxIterations);
        }
    }

    public static FitOptions defaults() {
        return new FitOptions(3, 1_000, 42);
    }
}
