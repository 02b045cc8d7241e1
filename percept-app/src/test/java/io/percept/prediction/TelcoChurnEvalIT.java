package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.propensity.Calibration;
import io.percept.analytics.propensity.LogisticRegression;
import io.percept.analytics.propensity.Metrics;
import io.percept.analytics.propensity.Propensity;
import io.percept.analytics.propensity.PropensityModel;
import io.percept.analytics.propensity.Schema;
import io.percept.analytics.propensity.Table;
import io.percept.ingest.imports.TableFile;
import io.percept.testing.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Churn propensity on {@code telco_customer_churn} (7,043 customers, 26.5 % churned): stratified
 * 5-fold cross-validation (seed 7) of logistic regression and gradient-boosted trees with their
 * default options, each calibrated on inner folds of its training part only. Prints the figures
 * for docs (AUC per fold, mean and standard deviation; log loss and Brier score before and after
 * calibration; calibration and lift tables; the strongest features of models trained on all rows)
 * and checks the acceptance: the logistic model's mean AUC is at least 0.84.
 */
class TelcoChurnEvalIT {

    static final Set<String> NUMERIC = Set.of("tenure", "MonthlyCharges", "TotalCharges");
    static final String TARGET = "Churn";
    static final String ID = "customerID";
    static final int FOLDS = 5;
    static final long SEED = 7;

    record Data(Table table, boolean[] churned, int missingTotalCharges) {
    }

    static Data read() throws Exception {
        Path csv = Datasets.root().resolve("telco_customer_churn/Telco-Customer-Churn.csv");
        try (TableFile file = TableFile.open(csv)) {
            Schema.Builder builder = Schema.builder();
            List<String> columns = new ArrayList<>();
            for (String column : file.columns()) {
                if (column.equals(ID) || column.equals(TARGET)) {
                    continue;
                }
                columns.add(column);
                if (NUMERIC.contains(column)) {
                    builder.numeric(column);
                } else {
                    builder.categorical(column);
                }
            }
            List<String[]> rows = new ArrayList<>();
            List<Boolean> labels = new ArrayList<>();
            int missing = 0;
            TableFile.Record record;
            while ((record = file.next()) != null) {
                assertThat(record.problem()).as("line %d", record.line()).isNull();
                String[] row = new String[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = record.get(columns.get(c));
                }
                missing += record.get("TotalCharges").isBlank() ? 1 : 0;
                rows.add(row);
                labels.add(record.get(TARGET).equals("Yes"));
            }
            boolean[] churned = new boolean[labels.size()];
            for (int i = 0; i < churned.length; i++) {
                churned[i] = labels.get(i);
            }
            return new Data(Table.fromText(builder.build(), rows), churned, missing);
        }
    }

    @Test
    void logisticRegressionReachesAnAucOfAtLeast084AndBoostedTreesAreReported() throws Exception {
        Data data = read();
        assertThat(data.table().rows()).isEqualTo(7_043);
        assertThat(data.missingTotalCharges()).as("TotalCharges is a space for customers of tenure 0").isEqualTo(11);
        System.out.printf(Locale.ROOT, "telco churn: %d customers, %.1f %% churned, %d columns, %d-fold stratified (seed %d)%n",
                data.table().rows(), 100 * Metrics.rate(data.churned()), data.table().schema().size(), FOLDS, SEED);

        double[] tenure = data.table().numeric("tenure").clone();
        for (int i = 0; i < tenure.length; i++) {
            tenure[i] = -tenure[i];
        }
        double baseline = Metrics.auc(tenure, data.churned());
        System.out.printf(Locale.ROOT, "baseline (shortest tenure first): AUC %.4f%n", baseline);

        Propensity.Options logistic = Propensity.Options.logisticRegression();
        Propensity.Options trees = Propensity.Options.gradientBoostedTrees();
        long started = System.nanoTime();
        Propensity.Evaluation lr = Propensity.crossValidate(data.table(), data.churned(), logistic, FOLDS, SEED);
        double lrSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        Propensity.Evaluation gbt = Propensity.crossValidate(data.table(), data.churned(), trees, FOLDS, SEED);
        double gbtSeconds = (System.nanoTime() - started) / 1e9;

        report("logistic regression", lr, lrSeconds);
        report("gradient-boosted trees", gbt, gbtSeconds);
        lift("logistic regression", lr);
        lift("gradient-boosted trees", gbt);
        calibration("gradient-boosted trees", gbt);

        PropensityModel lrModel = Propensity.train(data.table(), data.churned(), logistic);
        PropensityModel gbtModel = Propensity.train(data.table(), data.churned(), trees);
        LogisticRegression.Model coefficients = (LogisticRegression.Model) lrModel.classifier();
        System.out.println("logistic regression on all rows, largest coefficients (per standard deviation, or for the level):");
        IntStream.range(0, coefficients.coefficients().length).boxed()
                .sorted(Comparator.comparingDouble(j -> -Math.abs(coefficients.coefficients()[j]))).limit(10)
                .forEach(j -> System.out.printf(Locale.ROOT, "  %-40s %+.3f%n", coefficients.featureNames().get(j), coefficients.coefficients()[j]));
        List<PropensityModel.Importance> lrImportance = lrModel.importance(data.table());
        List<PropensityModel.Importance> gbtImportance = gbtModel.importance(data.table());
        System.out.println("mean |contribution| per column (log-odds): logistic regression | gradient-boosted trees (TreeSHAP)");
        for (int k = 0; k < 8; k++) {
            System.out.printf(Locale.ROOT, "  %-18s %.3f | %-18s %.3f%n", lrImportance.get(k).column(), lrImportance.get(k).meanAbsolute(),
                    gbtImportance.get(k).column(), gbtImportance.get(k).meanAbsolute());
        }
        PropensityModel.Score first = gbtModel.score(data.table().rows(new int[] {0}), 3).get(0);
        System.out.printf(Locale.ROOT, "customer 7590-VHVEG: churn probability %.3f (trees), because %s%n", first.probability(), first.contributions());

        System.out.printf(Locale.ROOT, "telco_churn lr_auc=%.4f lr_auc_sd=%.4f gbt_auc=%.4f gbt_auc_sd=%.4f baseline_auc=%.4f lr_logloss_platt=%.4f "
                        + "gbt_logloss_platt=%.4f lr_top_decile_lift=%.2f gbt_top_decile_lift=%.2f%n", lr.meanAuc(), lr.sdAuc(), gbt.meanAuc(),
                gbt.sdAuc(), baseline, lr.logLoss(Calibration.Method.PLATT), gbt.logLoss(Calibration.Method.PLATT), lr.liftTable().get(0).lift(),
                gbt.liftTable().get(0).lift());

        assertThat(lr.meanAuc()).as("the acceptance: 5-fold AUC of the logistic model").isGreaterThanOrEqualTo(0.84);
        assertThat(gbt.meanAuc()).as("boosted trees, reported").isGreaterThan(0.83);
        assertThat(Math.min(lr.meanAuc(), gbt.meanAuc())).isGreaterThan(baseline + 0.05);
        assertThat(lr.liftTable().get(0).lift()).isGreaterThan(2.5);
        assertThat(gbt.logLoss(Calibration.Method.PLATT)).as("calibration does not hurt").isLessThan(gbt.logLoss(Calibration.Method.NONE) + 0.002);
        assertThat(lrImportance.get(0).column()).isIn("tenure", "Contract", "TotalCharges", "InternetService");
    }

    private static void report(String name, Propensity.Evaluation evaluation, double seconds) {
        StringBuilder folds = new StringBuilder();
        for (double auc : evaluation.foldAuc()) {
            folds.append(String.format(Locale.ROOT, " %.4f", auc));
        }
        System.out.printf(Locale.ROOT, "%s: AUC %.4f ± %.4f (folds%s; pooled %.4f) in %.1f s%n", name, evaluation.meanAuc(), evaluation.sdAuc(),
                folds, evaluation.pooledAuc(), seconds);
        for (Calibration.Method method : Calibration.Method.values()) {
            System.out.printf(Locale.ROOT, "  %-8s log loss %.4f  Brier %.4f%n", method.name().toLowerCase(Locale.ROOT), evaluation.logLoss(method),
                    evaluation.brier(method));
        }
    }

    private static void lift(String name, Propensity.Evaluation evaluation) {
        System.out.println(name + ", lift by decile of out-of-fold scores (highest first):");
        System.out.println("  decile  customers  churned  rate    lift  cumulative gain  cumulative lift");
        for (Metrics.LiftRow row : evaluation.liftTable()) {
            System.out.printf(Locale.ROOT, "  %6d  %9d  %7d  %5.1f%%  %4.2f  %14.1f%%  %15.2f%n", row.group(), row.count(), row.positives(),
                    100 * row.rate(), row.lift(), 100 * row.cumulativeGain(), row.cumulativeLift());
        }
    }

    private static void calibration(String name, Propensity.Evaluation evaluation) {
        System.out.println(name + ", calibration by decile of probability: mean predicted (uncalibrated | Platt | isotonic) vs observed");
        List<Metrics.CalibrationBin> raw = evaluation.calibrationTable(Calibration.Method.NONE);
        List<Metrics.CalibrationBin> platt = evaluation.calibrationTable(Calibration.Method.PLATT);
        List<Metrics.CalibrationBin> isotonic = evaluation.calibrationTable(Calibration.Method.ISOTONIC);
        for (int k = 0; k < raw.size(); k++) {
            System.out.printf(Locale.ROOT, "  %2d  %.3f vs %.3f | %.3f vs %.3f | %.3f vs %.3f%n", k + 1, raw.get(k).meanPredicted(),
                    raw.get(k).observed(), platt.get(k).meanPredicted(), platt.get(k).observed(), isotonic.get(k).meanPredicted(),
                    isotonic.get(k).observed());
        }
    }
}
