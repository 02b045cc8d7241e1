package io.percept.analytics.forecast;

import java.util.function.ToDoubleFunction;

/**
 * Unconstrained minimisation by the Nelder-Mead simplex (Nelder and Mead 1965, with the standard
 * coefficients of Lagarias et al. 1998: reflection 1, expansion 2, contraction 1/2, shrink 1/2).
 * Converges when the spread of the simplex's values falls below {@code tolerance} relative to the
 * best (R's {@code optim} reltol rule) or after {@code maxEvaluations}; then restarts from the best
 * point with a fresh simplex, up to {@code restarts} times, while a restart still improves. Infinite
 * values (an inadmissible point) are allowed and simply lose every comparison. Deterministic.
 */
final class NelderMead {

    private NelderMead() {
    }

    /** The best point found, its value and how many evaluations it took. */
    record Result(double[] point, double value, int evaluations) {
    }

    static Result minimize(ToDoubleFunction<double[]> function, double[] start, double[] steps, int maxEvaluations, int restarts,
            double tolerance) {
        Result best = run(function, start, steps, maxEvaluations, tolerance);
        int evaluations = best.evaluations();
        for (int restart = 0; restart < restarts; restart++) {
            Result again = run(function, best.point(), steps, maxEvaluations, tolerance);
            evaluations += again.evaluations();
            boolean improved = again.value() < best.value() - tolerance * (Math.abs(best.value()) + tolerance);
            if (again.value() < best.value()) {
                best = again;
            }
            if (!improved) {
                break;
            }
        }
        return new Result(best.point(), best.value(), evaluations);
    }

    private static Result run(ToDoubleFunction<double[]> function, double[] start, double[] steps, int maxEvaluations, double tolerance) {
        int d = start.length;
        double[][] simplex = new double[d + 1][];
        double[] values = new double[d + 1];
        simplex[0] = start.clone();
        values[0] = function.applyAsDouble(simplex[0]);
        for (int i = 0; i < d; i++) {
            double[] vertex = start.clone();
            vertex[i] += steps[i];
            simplex[i + 1] = vertex;
            values[i + 1] = function.applyAsDouble(vertex);
        }
        int evaluations = d + 1;
        double[] centroid = new double[d];
        double[] reflected = new double[d];
        double[] expanded = new double[d];
        double[] contracted = new double[d];
        while (true) {
            sort(simplex, values);
            double spread = values[d] - values[0];
            boolean converged = values[0] == Double.POSITIVE_INFINITY
                    ? false : spread <= tolerance * (Math.abs(values[0]) + tolerance);
            if (converged || evaluations >= maxEvaluations) {
                break;
            }
            java.util.Arrays.fill(centroid, 0);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    centroid[j] += simplex[i][j];
                }
            }
            for (int j = 0; j < d; j++) {
                centroid[j] /= d;
            }
            double[] worst = simplex[d];
            for (int j = 0; j < d; j++) {
                reflected[j] = centroid[j] + (centroid[j] - worst[j]);
            }
            double fr = function.applyAsDouble(reflected);
            evaluations++;
            if (fr < values[0]) {
                for (int j = 0; j < d; j++) {
                    expanded[j] = centroid[j] + 2 * (centroid[j] - worst[j]);
                }
                double fe = function.applyAsDouble(expanded);
                evaluations++;
                if (fe < fr) {
                    replaceWorst(simplex, values, expanded, fe);
                } else {
                    replaceWorst(simplex, values, reflected, fr);
                }
            } else if (fr < values[d - 1]) {
                replaceWorst(simplex, values, reflected, fr);
            } else {
                boolean outside = fr < values[d];
                for (int j = 0; j < d; j++) {
                    contracted[j] = outside ? centroid[j] + 0.5 * (reflected[j] - centroid[j]) : centroid[j] + 0.5 * (worst[j] - centroid[j]);
                }
                double fc = function.applyAsDouble(contracted);
                evaluations++;
                if (outside ? fc <= fr : fc < values[d]) {
                    replaceWorst(simplex, values, contracted, fc);
                } else {
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) {
                            simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]);
                        }
                        values[i] = function.applyAsDouble(simplex[i]);
                    }
                    evaluations += d;
                }
            }
        }
        return new Result(simplex[0].clone(), values[0], evaluations);
    }

    private static void replaceWorst(double[][] simplex, double[] values, double[] point, double value) {
        int d = values.length - 1;
        System.arraycopy(point, 0, simplex[d], 0, point.length);
        values[d] = value;
    }

    /** Insertion sort by value, ascending (the simplex is small and nearly sorted after each step). */
    private static void sort(double[][] simplex, double[] values) {
        for (int i = 1; i < values.length; i++) {
            double value = values[i];
            double[] vertex = simplex[i];
            int j = i - 1;
            while (j >= 0 && compare(values[j], value) > 0) {
                values[j + 1] = values[j];
                simplex[j + 1] = simplex[j];
                j--;
            }
            values[j + 1] = value;
            simplex[j + 1] = vertex;
        }
    }

    /** Orders NaN last, like infinity. */
    private static int compare(double a, double b) {
        return Double.compare(Double.isNaN(a) ? Double.POSITIVE_INFINITY : a, Double.isNaN(b) ? Double.POSITIVE_INFINITY : b);
    }
}
