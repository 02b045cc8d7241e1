package io.percept.analytics.propensity;

import java.util.ArrayList;
import java.util.List;

/** How well scores separate and how well probabilities match a binary target. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The area under the ROC curve: the probability that a random positive scores above a random
     * negative, ties counting one half, computed from average ranks as the Mann-Whitney U statistic
     * {@code (R+ - n+ (n+ + 1) / 2) / (n+ n-)}.
     *
     * @throws IllegalArgumentException if the lengths differ or a class is absent
     */
    public static double auc(double[] scores, boolean[] y) {
        check(scores, y);
        int[] order = Order.ascending(scores);
        double positiveRanks = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]]) {
                    positiveRanks += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = y.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("the AUC needs both classes; positives: " + positives + " of " + y.length);
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The mean negative log-likelihood of the labels, probabilities clipped to [1e-15, 1 - 1e-15]. */
    public static double logLoss(double[] probabilities, boolean[] y) {
        check(probabilities, y);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double p = Math.min(Math.max(probabilities[i], 1e-15), 1 - 1e-15);
            sum -= Math.log(y[i] ? p : 1 - p);
        }
        return sum / y.length;
    }

    /** The mean squared difference between probability and label (Brier 1950). */
    public static double brier(double[] probabilities, boolean[] y) {
        check(probabilities, y);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double error = probabilities[i] - (y[i] ? 1 : 0);
            sum += error * error;
        }
        return sum / y.length;
    }

    /** The share of positive labels. */
    public static double rate(boolean[] y) {
        return (double) Provenance.positives(y) / y.length;
    }

    /**
     * One group of a calibration table.
     *
     * @param group         1 for the lowest probabilities
     * @param count         rows in it
     * @param meanPredicted the mean probability
     * @param observed      the share of positives
     */
    public record CalibrationBin(int group, int count, double meanPredicted, double observed) {
    }

    /**
     * The rows sorted by probability and cut into {@code groups} groups of equal count (deciles for
     * 10): mean predicted probability against the observed rate in each.
     */
    public static List<CalibrationBin> calibrationTable(double[] probabilities, boolean[] y, int groups) {
        check(probabilities, y);
        checkGroups(groups, y.length);
        int[] order = Order.ascending(probabilities);
        List<CalibrationBin> table = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) g * y.length / groups);
            int to = (int) ((long) (g + 1) * y.length / groups);
            double predicted = 0;
            int positives = 0;
            for (int k = from; k < to; k++) {
                predicted += probabilities[order[k]];
                positives += y[order[k]] ? 1 : 0;
            }
            int count = to - from;
            table.add(new CalibrationBin(g + 1, count, predicted / count, (double) positives / count));
        }
        return table;
    }

    /**
     * One group of a lift table.
     *
     * @param group          1 for the highest scores
     * @param count          rows in it
     * @param positives      positives in it
     * @param rate           their share
     * @param lift           the rate over the overall rate
     * @param cumulativeGain the share of all positives in this and the higher groups
     * @param cumulativeLift the rate of this and the higher groups over the overall rate
     * @param minScore       the lowest score in the group
     * @param maxScore       the highest score in the group
     */
    public record LiftRow(int group, int count, int positives, double rate, double lift, double cumulativeGain, double cumulativeLift,
            double minScore, double maxScore) {
    }

    /**
     * The rows sorted by score, highest first, and cut into {@code groups} groups of equal count
     * (deciles for 10): how concentrated the positives are at the top (lift and gains).
     */
    public static List<LiftRow> liftTable(double[] scores, boolean[] y, int groups) {
        check(scores, y);
        checkGroups(groups, y.length);
        int[] order = Order.descending(scores);
        int total = Provenance.positives(y);
        double overall = (double) total / y.length;
        List<LiftRow> table = new ArrayList<>(groups);
        int cumulative = 0;
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) g * y.length / groups);
            int to = (int) ((long) (g + 1) * y.length / groups);
            int positives = 0;
            for (int k = from; k < to; k++) {
                positives += y[order[k]] ? 1 : 0;
            }
            cumulative += positives;
            int count = to - from;
            double rate = (double) positives / count;
            table.add(new LiftRow(g + 1, count, positives, rate, overall > 0 ? rate / overall : Double.NaN,
                    total > 0 ? (double) cumulative / total : Double.NaN, overall > 0 ? (double) cumulative / to / overall : Double.NaN,
                    scores[order[to - 1]], scores[order[from]]));
        }
        return table;
    }

    private static void check(double[] values, boolean[] y) {
        if (values.length != y.length || y.length == 0) {
            throw new IllegalArgumentException("need as many scores as labels, and at least one: " + values.length + " vs " + y.length);
        }
    }

    private static void checkGroups(int groups, int rows) {
        if (groups < 1 || groups > rows) {
            throw new IllegalArgumentException("groups must be between 1 and the " + rows + " rows, was " + groups);
        }
    }
}
