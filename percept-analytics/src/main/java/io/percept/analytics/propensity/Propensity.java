package io.percept.analytics.propensity;

import java.util.Arrays;
import java.util.List;

/**
 * Trains and evaluates a propensity model for a binary target: the encoder is fitted on the
 * training rows, the classifier (logistic regression or gradient-boosted trees) on their encoding,
 * and the calibrator on margins the classifier did not train on: those of an inner stratified
 * k-fold (each fold's classifier, encoder included, trained on the other folds), after which the
 * classifier is trained again on all the rows ("cross-fitting", as scikit-learn's
 * {@code CalibratedClassifierCV(ensemble=False)}).
 */
public final class Propensity {

    private Propensity() {
    }

    /** The classifier to train. */
    public enum Algorithm {
        LOGISTIC_REGRESSION, GRADIENT_BOOSTED_TREES
    }

    /**
     * @param algorithm        which classifier
     * @param encoder          the encoder's options
     * @param logistic         logistic regression's options
     * @param trees            gradient-boosted trees' options
     * @param calibration      the calibration method
     * @param calibrationFolds inner folds whose held-out margins fit the calibrator (2 to 20)
     * @param seed             the inner folds
     */
    public record Options(Algorithm algorithm, FeatureEncoder.Options encoder, LogisticRegression.Options logistic,
            GradientBoostedTrees.Options trees, Calibration.Method calibration, int calibrationFolds, long seed) {

        public Options {
            if (algorithm == null || encoder == null || logistic == null || trees == null || calibration == null) {
                throw new IllegalArgumentException("no option may be null");
            }
            if (calibrationFolds < 2 || calibrationFolds > 20) {
                throw new IllegalArgumentException("calibrationFolds must be between 2 and 20, was " + calibrationFolds);
            }
        }

        /** Logistic regression with the defaults, Platt scaling fitted on 5 inner folds, seed 42. */
        public static Options logisticRegression() {
            return new Options(Algorithm.LOGISTIC_REGRESSION, FeatureEncoder.Options.defaults(), LogisticRegression.Options.defaults(),
                    GradientBoostedTrees.Options.defaults(), Calibration.Method.PLATT, 5, 42);
        }

        /** Gradient-boosted trees with the defaults, Platt scaling fitted on 5 inner folds, seed 42. */
        public static Options gradientBoostedTrees() {
            return new Options(Algorithm.GRADIENT_BOOSTED_TREES, FeatureEncoder.Options.defaults(), LogisticRegression.Options.defaults(),
                    GradientBoostedTrees.Options.defaults(), Calibration.Method.PLATT, 5, 42);
        }

        public Options withLogistic(LogisticRegression.Options logistic) {
            return new Options(algorithm, encoder, logistic, trees, calibration, calibrationFolds, seed);
        }

        public Options withTrees(GradientBoostedTrees.Options trees) {
            return new Options(algorithm, encoder, logistic, trees, calibration, calibrationFolds, seed);
        }

        public Options withCalibration(Calibration.Method calibration) {
            return new Options(algorithm, encoder, logistic, trees, calibration, calibrationFolds, seed);
        }
    }

    /**
     * Trains a calibrated model on {@code table}'s rows with labels {@code y}.
     *
     * @throws IllegalArgumentException if the labels do not match the rows, a class has fewer rows
     *                                  than the calibration folds, or a column cannot be encoded
     */
    public static PropensityModel train(Table table, boolean[] y, Options options) {
        if (table.rows() != y.length) {
            throw new IllegalArgumentException("need one label per row: " + table.rows() + " rows, " + y.length + " labels");
        }
        Calibration.Calibrator calibrator = new Calibration.Identity();
        if (options.calibration() != Calibration.Method.NONE) {
            calibrator = Calibration.fit(options.calibration(), heldOutMargins(table, y, options), y);
        }
        FeatureEncoder encoder = FeatureEncoder.fit(table, options.encoder());
        return new PropensityModel(encoder, classifier(encoder.encode(table), y, encoder.featureNames(), options), calibrator);
    }

    /** The encoder and classifier alone, without calibration (whose probabilities are {@code sigmoid(margin)}). */
    public static PropensityModel trainUncalibrated(Table table, boolean[] y, Options options) {
        FeatureEncoder encoder = FeatureEncoder.fit(table, options.encoder());
        return new PropensityModel(encoder, classifier(encoder.encode(table), y, encoder.featureNames(), options), new Calibration.Identity());
    }

    private static Classifier classifier(double[][] x, boolean[] y, List<String> names, Options options) {
        return options.algorithm() == Algorithm.LOGISTIC_REGRESSION
                ? LogisticRegression.train(x, y, names, options.logistic())
                : GradientBoostedTrees.train(x, y, names, options.trees());
    }

    /** Each row's margin from a model trained, encoder and all, on the other inner folds. */
    private static double[] heldOutMargins(Table table, boolean[] y, Options options) {
        int[] folds = CrossValidation.stratifiedFolds(y, options.calibrationFolds(), options.seed());
        double[] margins = new double[y.length];
        for (int fold = 0; fold < options.calibrationFolds(); fold++) {
            int[] training = CrossValidation.training(folds, fold);
            int[] test = CrossValidation.test(folds, fold);
            PropensityModel model = trainUncalibrated(table.rows(training), select(y, training), options);
            double[] predicted = model.margins(table.rows(test));
            for (int i = 0; i < test.length; i++) {
                margins[test[i]] = predicted[i];
            }
        }
        return margins;
    }

    static boolean[] select(boolean[] y, int[] rows) {
        boolean[] selected = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = y[rows[i]];
        }
        return selected;
    }

    /**
     * A stratified k-fold evaluation of {@code options}: per outer fold, a model is trained on the
     * other folds as {@link #train} would (its calibrators fitted on inner folds of those rows only)
     * and scores the fold, so every row gets a margin, an uncalibrated probability and Platt- and
     * isotonic-calibrated probabilities from a model that never saw it.
     *
     * @param folds the outer folds (2 to 20)
     * @param seed  the outer folds' assignment
     */
    public static Evaluation crossValidate(Table table, boolean[] y, Options options, int folds, long seed) {
        if (table.rows() != y.length) {
            throw new IllegalArgumentException("need one label per row: " + table.rows() + " rows, " + y.length + " labels");
        }
        if (folds < 2 || folds > 20) {
            throw new IllegalArgumentException("folds must be between 2 and 20, was " + folds);
        }
        int[] assignment = CrossValidation.stratifiedFolds(y, folds, seed);
        double[] margins = new double[y.length];
        double[] platt = new double[y.length];
        double[] isotonic = new double[y.length];
        double[] foldAuc = new double[folds];
        for (int fold = 0; fold < folds; fold++) {
            int[] training = CrossValidation.training(assignment, fold);
            int[] test = CrossValidation.test(assignment, fold);
            Table trainingRows = table.rows(training);
            boolean[] trainingLabels = select(y, training);
            double[] inner = heldOutMargins(trainingRows, trainingLabels, options);
            Calibration.Calibrator plattCalibrator = Calibration.platt(inner, trainingLabels);
            Calibration.Calibrator isotonicCalibrator = Calibration.isotonic(inner, trainingLabels);
            double[] predicted = trainUncalibrated(trainingRows, trainingLabels, options).margins(table.rows(test));
            for (int i = 0; i < test.length; i++) {
                margins[test[i]] = predicted[i];
                platt[test[i]] = plattCalibrator.probability(predicted[i]);
                isotonic[test[i]] = isotonicCalibrator.probability(predicted[i]);
            }
            foldAuc[fold] = Metrics.auc(predicted, select(y, test));
        }
        double[] raw = new double[y.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = Classifier.sigmoid(margins[i]);
        }
        return new Evaluation(y.clone(), assignment, foldAuc, margins, raw, platt, isotonic);
    }

    /**
     * Out-of-fold predictions of a cross-validation.
     *
     * @param labels   the rows' labels
     * @param folds    each row's outer fold
     * @param foldAuc  each fold's ROC AUC of the margins
     * @param margins  each row's margin
     * @param raw      {@code sigmoid(margin)}
     * @param platt    the Platt-calibrated probability
     * @param isotonic the isotonic-calibrated probability
     */
    public record Evaluation(boolean[] labels, int[] folds, double[] foldAuc, double[] margins, double[] raw, double[] platt,
            double[] isotonic) {

        /** The mean of the folds' AUCs. */
        public double meanAuc() {
            return Arrays.stream(foldAuc).average().orElse(Double.NaN);
        }

        /** The sample standard deviation of the folds' AUCs. */
        public double sdAuc() {
            double mean = meanAuc();
            double sum = 0;
            for (double auc : foldAuc) {
                sum += (auc - mean) * (auc - mean);
            }
            return Math.sqrt(sum / (foldAuc.length - 1));
        }

        /** The probabilities of {@code method}: raw for {@code NONE}. */
        public double[] probabilities(Calibration.Method method) {
            switch (method) {
                case PLATT:
                    return platt;
                case ISOTONIC:
                    return isotonic;
                default:
                    return raw;
            }
        }

        /** The AUC of all the out-of-fold margins pooled. */
        public double pooledAuc() {
            return Metrics.auc(margins, labels);
        }

        public double logLoss(Calibration.Method method) {
            return Metrics.logLoss(probabilities(method), labels);
        }

        public double brier(Calibration.Method method) {
            return Metrics.brier(probabilities(method), labels);
        }

        /** Deciles of {@code method}'s probabilities: mean predicted against observed. */
        public List<Metrics.CalibrationBin> calibrationTable(Calibration.Method method) {
            return Metrics.calibrationTable(probabilities(method), labels, 10);
        }

        /** Deciles of the margins, highest first: lift and gains. */
        public List<Metrics.LiftRow> liftTable() {
            return Metrics.liftTable(margins, labels, 10);
        }
    }
}
