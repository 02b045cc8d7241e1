package io.percept.analytics.text;

import java.util.ArrayList;
import java.util.List;

/**
 * How well predicted classes match the truth: accuracy, per-class precision, recall and F1, and
 * their unweighted mean over the classes that occur in the truth or the predictions (macro-F1).
 *
 * @param labels    the class names, in class order
 * @param confusion {@code confusion[truth][predicted]} counts
 */
public record ClassificationMetrics(List<String> labels, long[][] confusion) {

    /** One class's figures; precision or recall is 0 when undefined. */
    public record PerClass(String label, long support, long predicted, double precision, double recall, double f1) {
    }

    public ClassificationMetrics {
        labels = List.copyOf(labels);
        if (confusion.length != labels.size()) {
            throw new IllegalArgumentException("a confusion matrix of " + confusion.length + " rows for " + labels.size() + " classes");
        }
    }

    /**
     * Compares {@code predicted} with {@code truth}, class indices in {@code [0, labels.size())}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or a class is out of range
     */
    public static ClassificationMetrics of(int[] truth, int[] predicted, List<String> labels) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true classes but " + predicted.length + " predictions");
        }
        int k = labels.size();
        long[][] confusion = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("item " + i + " has class " + truth[i] + " / " + predicted[i] + ", outside 0.." + (k - 1));
            }
            confusion[truth[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(labels, confusion);
    }

    /** How many items were compared. */
    public long total() {
        long total = 0;
        for (long[] row : confusion) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    /** The share of items predicted right; 0 without items. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
        }
        long total = total();
        return total == 0 ? 0 : right / (double) total;
    }

    /** Per class, in class order. */
    public List<PerClass> perClass() {
        List<PerClass> result = new ArrayList<>();
        for (int c = 0; c < confusion.length; c++) {
            long support = 0;
            long predicted = 0;
            for (int other = 0; other < confusion.length; other++) {
                support += confusion[c][other];
                predicted += confusion[other][c];
            }
            long right = confusion[c][c];
            double precision = predicted == 0 ? 0 : right / (double) predicted;
            double recall = support == 0 ? 0 : right / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            result.add(new PerClass(labels.get(c), support, predicted, precision, recall, f1));
        }
        return result;
    }

    /** The mean F1 over the classes that occur in the truth or are predicted; 0 without items. */
    public double macroF1() {
        double sum = 0;
        int classes = 0;
        for (PerClass figures : perClass()) {
            if (figures.support() > 0 || figures.predicted() > 0) {
                sum += figures.f1();
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }
}
