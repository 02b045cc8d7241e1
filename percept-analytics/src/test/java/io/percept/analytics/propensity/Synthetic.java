package io.percept.analytics.propensity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic data sets with known answers. */
final class Synthetic {

    private Synthetic() {
    }

    /** Rows of standard normal features and labels drawn from {@code sigmoid(intercept + beta . x)}; the true margins too. */
    record Logistic(double[][] x, boolean[] y, double[] margins) {
    }

    static Logistic logistic(int n, double intercept, double[] beta, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][beta.length];
        boolean[] y = new boolean[n];
        double[] margins = new double[n];
        for (int i = 0; i < n; i++) {
            double margin = intercept;
            for (int j = 0; j < beta.length; j++) {
                x[i][j] = gaussian(random);
                margin += beta[j] * x[i][j];
            }
            margins[i] = margin;
            y[i] = random.nextDouble() < Classifier.sigmoid(margin);
        }
        return new Logistic(x, y, margins);
    }

    /**
     * An XOR-like task: the label leans positive when {@code x0} and {@code x1} have the same sign
     * ({@code P = sigmoid(+-2.5)}), plus noise features; no linear function of the features separates it.
     */
    static Logistic xor(int n, int noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][2 + noise];
        boolean[] y = new boolean[n];
        double[] margins = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = random.nextDouble() * 2 - 1;
            }
            margins[i] = x[i][0] * x[i][1] > 0 ? 2.5 : -2.5;
            y[i] = random.nextDouble() < Classifier.sigmoid(margins[i]);
        }
        return new Logistic(x, y, margins);
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /**
     * A customer-like table: tenure (numeric, 5 % missing), spend (numeric), plan (3 levels),
     * region (4 levels, 2 % missing); churn is likelier for short tenure and the "monthly" plan, and
     * region does not matter.
     */
    record Customers(Table table, boolean[] churned) {
    }

    static final Schema CUSTOMERS = Schema.builder().numeric("tenure", "spend").categorical("plan", "region").build();

    static Customers customers(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] tenure = new double[n];
        double[] spend = new double[n];
        String[] plan = new String[n];
        String[] region = new String[n];
        boolean[] churned = new boolean[n];
        String[] plans = {"monthly", "yearly", "two-year"};
        String[] regions = {"north", "south", "east", "west"};
        for (int i = 0; i < n; i++) {
            double months = random.nextDouble() * 72;
            tenure[i] = random.nextDouble() < 0.05 ? Double.NaN : months;
            spend[i] = 20 + random.nextDouble() * 100;
            plan[i] = plans[random.nextInt(3)];
            region[i] = random.nextDouble() < 0.02 ? null : regions[random.nextInt(4)];
            double margin = -1 - 0.08 * (months - 36) + (plan[i].equals("monthly") ? 1.5 : 0) + 0.01 * (spend[i] - 70);
            churned[i] = random.nextDouble() < Classifier.sigmoid(margin);
        }
        return new Customers(new Table(CUSTOMERS, n, List.of(tenure, spend, plan, region)), churned);
    }
}
