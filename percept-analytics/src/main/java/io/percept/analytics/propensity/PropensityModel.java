package io.percept.analytics.propensity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained propensity model: the fitted encoder, the classifier and its calibrator. It scores
 * rows of its schema with calibrated probabilities and explains each score by the columns that
 * moved it most (in log-odds, before calibration). Immutable and safe to share between threads.
 *
 * @param encoder    the fitted encoder
 * @param classifier the classifier over the encoder's features
 * @param calibrator margin to calibrated probability
 */
public record PropensityModel(FeatureEncoder encoder, Classifier classifier, Calibration.Calibrator calibrator) {

    /** Rows encoded at a time when scoring a table. */
    static final int SLICE = 4_096;

    public PropensityModel {
        if (!classifier.featureNames().equals(encoder.featureNames())) {
            throw new IllegalArgumentException("the classifier's features " + classifier.featureNames() + " are not the encoder's "
                    + encoder.featureNames());
        }
    }

    /** The columns it reads. */
    public Schema schema() {
        return encoder.schema();
    }

    /**
     * One column's part in a score.
     *
     * @param column  the column's name
     * @param value   the row's value as text (a level, a number or {@code missing})
     * @param logOdds how far it moved the margin from the base value (positive: towards the target)
     */
    public record Contribution(String column, String value, double logOdds) {
    }

    /**
     * A row's score.
     *
     * @param probability   the calibrated probability of the target
     * @param margin        the classifier's log-odds, before calibration
     * @param contributions the columns that moved the margin most, largest absolute first (empty if none were asked for)
     */
    public record Score(double probability, double margin, List<Contribution> contributions) {

        public Score {
            contributions = List.copyOf(contributions);
        }
    }

    /**
     * A column's influence over a set of rows.
     *
     * @param column        the column's name
     * @param meanAbsolute  the mean absolute contribution (log-odds)
     */
    public record Importance(String column, double meanAbsolute) {
    }

    /** The classifier's margin for every row of {@code table}. */
    public double[] margins(Table table) {
        double[] margins = new double[table.rows()];
        for (int from = 0; from < table.rows(); from += SLICE) {
            int to = Math.min(table.rows(), from + SLICE);
            double[] slice = classifier.margins(encoder.encode(table, from, to));
            System.arraycopy(slice, 0, margins, from, slice.length);
        }
        return margins;
    }

    /** The calibrated probability for every row of {@code table}. */
    public double[] probabilities(Table table) {
        double[] probabilities = margins(table);
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = calibrator.probability(probabilities[i]);
        }
        return probabilities;
    }

    /** How contributions are computed. */
    public enum Attribution {
        /** Shapley values: exact for logistic regression, TreeSHAP for trees. */
        SHAPLEY,
        /** For trees, the cheaper path attribution ({@link Classifier#explainByPath}); the same as Shapley for logistic regression. */
        PATH
    }

    /**
     * Scores every row of {@code table} with its {@code top} largest column contributions, as Shapley values.
     *
     * @param top contributions per row (0 for none)
     */
    public List<Score> score(Table table, int top) {
        return score(table, top, Attribution.SHAPLEY);
    }

    /**
     * Scores every row of {@code table} with its {@code top} largest column contributions.
     *
     * @param top         contributions per row (0 for none)
     * @param attribution how contributions are computed
     */
    public List<Score> score(Table table, int top, Attribution attribution) {
        if (top < 0) {
            throw new IllegalArgumentException("top must be 0 or more, was " + top);
        }
        List<Score> scores = new ArrayList<>(table.rows());
        int[] featureColumns = encoder.featureColumns();
        double[] contributions = new double[featureColumns.length];
        double[] byColumn = new double[schema().size()];
        for (int from = 0; from < table.rows(); from += SLICE) {
            int to = Math.min(table.rows(), from + SLICE);
            double[][] x = encoder.encode(table, from, to);
            for (int i = 0; i < x.length; i++) {
                double margin = classifier.margin(x[i]);
                List<Contribution> explained = List.of();
                if (top > 0) {
                    columnContributions(x[i], contributions, featureColumns, byColumn, attribution);
                    explained = top(table, from + i, byColumn, top);
                }
                scores.add(new Score(calibrator.probability(margin), margin, explained));
            }
        }
        return scores;
    }

    private void columnContributions(double[] x, double[] contributions, int[] featureColumns, double[] byColumn, Attribution attribution) {
        if (attribution == Attribution.PATH) {
            classifier.explainByPath(x, contributions);
        } else {
            classifier.explain(x, contributions);
        }
        Arrays.fill(byColumn, 0);
        for (int j = 0; j < contributions.length; j++) {
            byColumn[featureColumns[j]] += contributions[j];
        }
    }

    private List<Contribution> top(Table table, int row, double[] byColumn, int top) {
        int count = Math.min(top, byColumn.length);
        int[] chosen = new int[count];
        boolean[] taken = new boolean[byColumn.length];
        for (int k = 0; k < count; k++) {
            int best = -1;
            for (int c = 0; c < byColumn.length; c++) {
                if (!taken[c] && (best < 0 || Math.abs(byColumn[c]) > Math.abs(byColumn[best]))) {
                    best = c;
                }
            }
            taken[best] = true;
            chosen[k] = best;
        }
        List<Contribution> result = new ArrayList<>(count);
        for (int c : chosen) {
            if (byColumn[c] != 0) {
                result.add(new Contribution(schema().column(c).name(), table.text(row, c), byColumn[c]));
            }
        }
        return result;
    }

    /** Each column's mean absolute contribution over the rows of {@code table}, largest first. */
    public List<Importance> importance(Table table) {
        int[] featureColumns = encoder.featureColumns();
        double[] contributions = new double[featureColumns.length];
        double[] byColumn = new double[schema().size()];
        double[] sums = new double[schema().size()];
        for (int from = 0; from < table.rows(); from += SLICE) {
            int to = Math.min(table.rows(), from + SLICE);
            double[][] x = encoder.encode(table, from, to);
            for (double[] row : x) {
                columnContributions(row, contributions, featureColumns, byColumn, Attribution.SHAPLEY);
                for (int c = 0; c < sums.length; c++) {
                    sums[c] += Math.abs(byColumn[c]);
                }
            }
        }
        List<Importance> importance = new ArrayList<>(sums.length);
        for (int c = 0; c < sums.length; c++) {
            importance.add(new Importance(schema().column(c).name(), table.rows() == 0 ? 0 : sums[c] / table.rows()));
        }
        importance.sort((a, b) -> Double.compare(b.meanAbsolute(), a.meanAbsolute()));
        return importance;
    }

    /** The model as bytes, for a file or a database column; {@link #fromBytes} reads them back. */
    public byte[] toBytes() {
        return ModelBytes.write(this);
    }

    /**
     * Reads {@link #toBytes()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a propensity model
     */
    public static PropensityModel fromBytes(byte[] bytes) {
        return ModelBytes.read(bytes);
    }
}
