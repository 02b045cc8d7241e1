package io.percept.analytics.clv;

/**
 * Unconstrained minimisation by BFGS (Nocedal and Wright, Numerical Optimization, 2006, algorithm
 * 6.1) with a backtracking Armijo line search, for the handful of log-parameters of the CLV models.
 */
final class Bfgs {

    /** A smooth function and its gradient. */
    interface Objective {

        /** The value at {@code x}, with its gradient written into {@code gradient}; infinite or NaN where undefined. */
        double valueAndGradient(double[] x, double[] gradient);
    }

    /**
     * Where the search stopped.
     *
     * @param x           the minimiser found
     * @param value       the value there
     * @param iterations  the BFGS iterations
     * @param evaluations the function evaluations
     * @param converged   whether the gradient or the value settled before the iteration limit
     */
    record Result(double[] x, double value, int iterations, int evaluations, boolean converged) {
    }

    private Bfgs() {
    }

    /**
     * Minimises {@code f} from {@code base} and from {@code options.starts() - 1} seeded perturbations of
     * it (each coordinate moved uniformly within ±1.5); the best finite result, or {@code null} when no
     * start reached a finite value.
     */
    static Result minimizeFromStarts(Objective f, double[] base, FitOptions options) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(options.seed());
        Result best = null;
        for (int start = 0; start < options.starts(); start++) {
            double[] theta = base.clone();
            if (start > 0) {
                for (int k = 0; k < theta.length; k++) {
                    theta[k] += random.nextDouble(-1.5, 1.5);
                }
            }
            Result result = minimize(f, theta, options.maxIterations(), 1e-9, 2);
            if (Double.isFinite(result.value()) && (best == null || result.value() < best.value())) {
                best = result;
            }
        }
        return best;
    }

    /**
     * Minimises {@code f} from {@code start}. Stops when the largest gradient component is below
     * {@code gradientTolerance}, when an iteration improves the value by less than 1e-14 relative, or
     * after {@code maxIterations}. Steps are limited to {@code maxStep} in each coordinate.
     */
    static Result minimize(Objective f, double[] start, int maxIterations, double gradientTolerance, double maxStep) {
        int n = start.length;
        double[] x = start.clone();
        double[] gradient = new double[n];
        double value = f.valueAndGradient(x, gradient);
        int evaluations = 1;
        if (!Double.isFinite(value)) {
            return new Result(x, value, 0, evaluations, false);
        }
        double[][] inverse = identity(n);
        double[] direction = new double[n];
        double[] next = new double[n];
        double[] nextGradient = new double[n];
        double[] s = new double[n];
        double[] y = new double[n];
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            if (maxAbs(gradient) < gradientTolerance) {
                converged = true;
                break;
            }
            iteration++;
            double slope = 0;
            for (int i = 0; i < n; i++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d -= inverse[i][j] * gradient[j];
                }
                direction[i] = d;
                slope += d * gradient[i];
            }
            if (!(slope < 0)) {
                // not a descent direction: restart from steepest descent
                inverse = identity(n);
                slope = 0;
                for (int i = 0; i < n; i++) {
                    direction[i] = -gradient[i];
                    slope -= gradient[i] * gradient[i];
                }
            }
            double largest = maxAbs(direction);
            double step = largest > maxStep ? maxStep / largest : 1;
            double nextValue = Double.NaN;
            for (int halvings = 0; halvings < 60; halvings++) {
                for (int i = 0; i < n; i++) {
                    next[i] = x[i] + step * direction[i];
                }
                nextValue = f.valueAndGradient(next, nextGradient);
                evaluations++;
                if (Double.isFinite(nextValue) && nextValue <= value + 1e-4 * step * slope) {
                    break;
                }
                step *= 0.5;
            }
            if (!(Double.isFinite(nextValue) && nextValue <= value)) {
                converged = maxAbs(gradient) < 1e3 * gradientTolerance;
                break;
            }
            double sy = 0;
            for (int i = 0; i < n; i++) {
                s[i] = next[i] - x[i];
                y[i] = nextGradient[i] - gradient[i];
                sy += s[i] * y[i];
            }
            boolean settled = value - nextValue <= 1e-14 * Math.max(1, Math.abs(value));
            System.arraycopy(next, 0, x, 0, n);
            System.arraycopy(nextGradient, 0, gradient, 0, n);
            value = nextValue;
            if (settled) {
                converged = true;
                break;
            }
            if (sy > 1e-12) {
                update(inverse, s, y, sy);
            }
        }
        return new Result(x, value, iteration, evaluations, converged);
    }

    /** H ← (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1 / yᵀs. */
    private static void update(double[][] h, double[] s, double[] y, double sy) {
        int n = s.length;
        double rho = 1 / sy;
        double[] hy = new double[n];
        double yhy = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += h[i][j] * y[j];
            }
            hy[i] = sum;
            yhy += y[i] * sum;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    private static double[][] identity(int n) {
        double[][] identity = new double[n][n];
        for (int i = 0; i < n; i++) {
            identity[i][i] = 1;
        }
        return identity;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double value : v) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
