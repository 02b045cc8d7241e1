package io.percept.analytics.propensity;

import java.util.Arrays;
import java.util.List;

/**
 * Binary logistic regression with an unpenalised intercept, minimising
 * {@code (1/n) sum log-loss + (l2/2) |w|^2 + l1 |w|_1} over dense features. Without an L1 penalty
 * it is trained by Newton's method (the Hessian solved by Cholesky, with a backtracking line
 * search); with one, by proximal Newton steps whose quadratic models are minimised by cyclic
 * coordinate descent with soft-thresholding (Friedman, Hastie and Tibshirani, "Regularization
 * paths for generalized linear models via coordinate descent", J. Stat. Softw. 33, 2010). Both are
 * deterministic: the same data and options give the same model.
 */
public final class LogisticRegression {

    private LogisticRegression() {
    }


    /**
     * @param l2            the L2 penalty per row (0 or more; full one-hot groups need it above 0)
     * @param l1            the L1 penalty per row (0 or more)
     * @param maxIterations Newton or proximal Newton iterations, at most (1 to 1,000)
     * @param tolerance     stop when the largest gradient component (Newton) or coefficient change
     *                      (proximal Newton) is below it (greater than 0)
     */
    public record Options(double l2, double l1, int maxIterations, double tolerance) {

        public Options {
            if (!(l2 >= 0) || !(l1 >= 0) || Double.isInfinite(l2) || Double.isInfinite(l1)) {
                throw new IllegalArgumentException("l2 and l1 must be finite and 0 or more, were " + l2 + " and " + l1);
            }
            if (maxIterations < 1 || maxIterations > 1_000) {
                throw new IllegalArgumentException("maxIterations must be between 1 and 1,000, was " + maxIterations);
            }
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException("tolerance must be positive, was " + tolerance);
            }
        }

        /** L2 of 0.001 per row, no L1. */
        public static Options defaults() {
            return new Options(1e-3, 0, 100, 1e-8);
        }

        public Options withL2(double l2) {
            return new Options(l2, l1, maxIterations, tolerance);
        }

        public Options withL1(double l1) {
            return new Options(l2, l1, maxIterations, tolerance);
        }
    }

    /**
     * A trained model: {@code margin = intercept + coefficients . x}.
     *
     * @param featureNames the features' names
     * @param intercept    the intercept
     * @param coefficients one per feature
     * @param means        the training mean of each feature, the reference its contributions are measured from
     * @param iterations   the iterations training took
     * @param provenance   how it was made
     */
    public record Model(List<String> featureNames, double intercept, double[] coefficients, double[] means, int iterations,
            Provenance provenance) implements Classifier {

        public Model {
            featureNames = List.copyOf(featureNames);
            if (coefficients.length != featureNames.size() || means.length != featureNames.size()) {
                throw new IllegalArgumentException("need one coefficient and mean per feature: " + coefficients.length + ", "
                        + means.length + " for " + featureNames.size());
            }
        }

        @Override
        public double margin(double[] x) {
            double margin = intercept;
            for (int j = 0; j < coefficients.length; j++) {
                margin += coefficients[j] * x[j];
            }
            return margin;
        }

        /**
         * Contributions {@code coefficient * (x - mean)}: the exact Shapley values of a linear model
         * with independent features (Lundberg and Lee, NeurIPS 2017); for a standardised numeric
         * feature, coefficient times the standardised value.
         */
        @Override
        public double explain(double[] x, double[] contributions) {
            double base = intercept;
            for (int j = 0; j < coefficients.length; j++) {
                base += coefficients[j] * means[j];
                contributions[j] = coefficients[j] * (x[j] - means[j]);
            }
            return base;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model that && featureNames.equals(that.featureNames)
                    && Double.doubleToLongBits(intercept) == Double.doubleToLongBits(that.intercept)
                    && Arrays.equals(coefficients, that.coefficients) && Arrays.equals(means, that.means)
                    && iterations == that.iterations && provenance.equals(that.provenance);
        }

        @Override
        public int hashCode() {
            return 31 * Double.hashCode(intercept) + Arrays.hashCode(coefficients);
        }

        @Override
        public String toString() {
            return "LogisticRegression.Model[" + featureNames.size() + " features, intercept " + intercept + ", " + provenance + "]";
        }
    }

    /**
     * Trains on the rows {@code x} (each {@code featureNames.size()} long, finite) with labels {@code y}.
     *
     * @throws IllegalArgumentException if the inputs do not line up, a value is not finite or one class is absent
     */
    public static Model train(double[][] x, boolean[] y, List<String> featureNames, Options options) {
        int d = featureNames.size();
        Provenance.check(x, y, d);
        int n = x.length;
        double[] means = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                means[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            means[j] /= n;
        }
        double[] theta = new double[d + 1];
        double rate = (double) Provenance.positives(y) / n;
        theta[0] = Math.log(rate / (1 - rate));
        int iterations = options.l1() > 0 ? proximalNewton(x, y, theta, options) : newton(x, y, theta, options);
        String algorithm = options.l1() > 0 ? "logistic-regression-proximal-newton" : "logistic-regression-newton";
        Provenance provenance = new Provenance(algorithm, options.toString(), n, Provenance.positives(y), Provenance.fingerprint(x, y));
        return new Model(featureNames, theta[0], Arrays.copyOfRange(theta, 1, d + 1), means, iterations, provenance);
    }

    /** The objective at {@code theta} (intercept first). */
    static double objective(double[][] x, boolean[] y, double[] theta, Options options) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            loss += logLoss(margin(x[i], theta), y[i]);
        }
        double penalty = 0;
        for (int j = 1; j < theta.length; j++) {
            penalty += options.l2() / 2 * theta[j] * theta[j] + options.l1() * Math.abs(theta[j]);
        }
        return loss / x.length + penalty;
    }

    private static double margin(double[] row, double[] theta) {
        double margin = theta[0];
        for (int j = 0; j < row.length; j++) {
            margin += theta[j + 1] * row[j];
        }
        return margin;
    }

    /** {@code log(1 + e^m) - y m}, without overflow. */
    private static double logLoss(double margin, boolean positive) {
        double softplus = margin > 0 ? margin + Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin));
        return positive ? softplus - margin : softplus;
    }

    private static int newton(double[][] x, boolean[] y, double[] theta, Options options) {
        int m = theta.length;
        double[] gradient = new double[m];
        double[][] hessian = new double[m][m];
        double[] step = new double[m];
        double[] candidate = new double[m];
        double objective = objective(x, y, theta, options);
        int iteration = 0;
        while (iteration < options.maxIterations()) {
            gradientAndHessian(x, y, theta, gradient, hessian);
            double largest = 0;
            for (int j = 0; j < m; j++) {
                if (j > 0) {
                    gradient[j] += options.l2() * theta[j];
                    hessian[j][j] += options.l2();
                }
                largest = Math.max(largest, Math.abs(gradient[j]));
            }
            if (largest < options.tolerance()) {
                break;
            }
            iteration++;
            solve(hessian, gradient, step);
            double slope = 0;
            for (int j = 0; j < m; j++) {
                step[j] = -step[j];
                slope += gradient[j] * step[j];
            }
            double t = 1;
            double next;
            while (true) {
                for (int j = 0; j < m; j++) {
                    candidate[j] = theta[j] + t * step[j];
                }
                next = objective(x, y, candidate, options);
                if (next <= objective + 1e-4 * t * slope || t < 1e-10) {
                    break;
                }
                t /= 2;
            }
            if (!(next < objective)) {
                break;
            }
            System.arraycopy(candidate, 0, theta, 0, m);
            objective = next;
        }
        return iteration;
    }

    /**
     * The mean log-loss's gradient and Hessian at {@code theta}, without the penalties; the
     * Hessian's lower triangle is filled, and the upper one mirrors it.
     */
    private static void gradientAndHessian(double[][] x, boolean[] y, double[] theta, double[] gradient, double[][] hessian) {
        int n = x.length;
        int m = theta.length;
        Arrays.fill(gradient, 0);
        for (double[] row : hessian) {
            Arrays.fill(row, 0);
        }
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            double p = Classifier.sigmoid(margin(row, theta));
            double residual = p - (y[i] ? 1 : 0);
            double weight = p * (1 - p);
            gradient[0] += residual;
            hessian[0][0] += weight;
            for (int j = 0; j < row.length; j++) {
                if (row[j] == 0) {
                    continue;
                }
                double wx = weight * row[j];
                gradient[j + 1] += residual * row[j];
                hessian[j + 1][0] += wx;
                double[] target = hessian[j + 1];
                for (int k = 0; k <= j; k++) {
                    target[k + 1] += wx * row[k];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            gradient[j] /= n;
            for (int k = 0; k <= j; k++) {
                hessian[j][k] /= n;
                hessian[k][j] = hessian[j][k];
            }
        }
    }

    /**
     * Solves {@code A z = b} for a symmetric positive definite {@code A} given by its lower triangle,
     * by Cholesky; a tiny ridge is added if rounding makes it singular.
     */
    static void solve(double[][] a, double[] b, double[] z) {
        int m = b.length;
        double[][] l = new double[m][m];
        double jitter = 0;
        for (int attempt = 0; ; attempt++) {
            if (cholesky(a, l, jitter)) {
                break;
            }
            if (attempt == 12) {
                throw new IllegalStateException("the Hessian is not positive definite even with a ridge of " + jitter);
            }
            jitter = jitter == 0 ? 1e-10 : jitter * 10;
        }
        for (int i = 0; i < m; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < m; k++) {
                sum -= l[k][i] * z[k];
            }
            z[i] = sum / l[i][i];
        }
    }

    private static boolean cholesky(double[][] a, double[][] l, double jitter) {
        int m = a.length;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return false;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return true;
    }

    /**
     * Proximal Newton: each iteration minimises the penalised quadratic model of the loss at
     * {@code theta} by cyclic coordinate descent on its Hessian (each cycle O(d^2), after a full
     * cycle only over the non-zero coefficients until they settle, as glmnet does), then takes the
     * longest step towards that minimum, halving from 1, that does not increase the objective.
     */
    private static int proximalNewton(double[][] x, boolean[] y, double[] theta, Options options) {
        int m = theta.length;
        double[] gradient = new double[m];
        double[][] hessian = new double[m][m];
        double[] next = new double[m];
        double[] slope = new double[m];
        double[] candidate = new double[m];
        double tolerance = options.tolerance() * options.tolerance();
        double objective = objective(x, y, theta, options);
        int iteration = 0;
        while (iteration < options.maxIterations()) {
            iteration++;
            gradientAndHessian(x, y, theta, gradient, hessian);
            System.arraycopy(theta, 0, next, 0, m);
            System.arraycopy(gradient, 0, slope, 0, m);
            boolean full = true;
            for (int cycle = 0; cycle < 100_000; cycle++) {
                double delta = -slope[0] / Math.max(hessian[0][0], 1e-12);
                next[0] += delta;
                for (int k = 0; k < m; k++) {
                    slope[k] += hessian[k][0] * delta;
                }
                double largest = Math.max(hessian[0][0], 1e-12) * delta * delta;
                for (int j = 1; j < m; j++) {
                    if (!full && next[j] == 0) {
                        continue;
                    }
                    double curvature = hessian[j][j] + options.l2();
                    double z = curvature * next[j] - slope[j] - options.l2() * next[j];
                    double updated = Math.signum(z) * Math.max(Math.abs(z) - options.l1(), 0) / curvature;
                    delta = updated - next[j];
                    if (delta != 0) {
                        double[] column = hessian[j];
                        for (int k = 0; k < m; k++) {
                            slope[k] += column[k] * delta;
                        }
                        next[j] = updated;
                        largest = Math.max(largest, curvature * delta * delta);
                    }
                }
                boolean converged = largest < tolerance;
                if (converged && full) {
                    break;
                }
                full = converged;
            }
            double t = 1;
            System.arraycopy(next, 0, candidate, 0, m);
            double value = objective(x, y, candidate, options);
            while (value > objective && t > 1e-10) {
                t /= 2;
                for (int j = 0; j < m; j++) {
                    candidate[j] = theta[j] + t * (next[j] - theta[j]);
                }
                value = objective(x, y, candidate, options);
            }
            if (!(value <= objective)) {
                break;
            }
            double change = 0;
            for (int j = 0; j < m; j++) {
                change = Math.max(change, Math.abs(candidate[j] - theta[j]));
            }
            System.arraycopy(candidate, 0, theta, 0, m);
            objective = value;
            if (change < options.tolerance()) {
                break;
            }
        }
        return iteration;
    }
}
