package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole pipeline on a customer-like table: trains, calibrates, scores, explains, cross-validates and round-trips. */
class PropensityTests {

    @Test
    void scoresNewCustomersWithCalibratedProbabilitiesAndTheirReasons() {
        Synthetic.Customers train = Synthetic.customers(4_000, 1);
        Synthetic.Customers test = Synthetic.customers(2_000, 2);
        for (Propensity.Options options : List.of(Propensity.Options.logisticRegression(),
                Propensity.Options.gradientBoostedTrees().withCalibration(Calibration.Method.ISOTONIC))) {
            PropensityModel model = Propensity.train(train.table(), train.churned(), options);
            double[] p = model.probabilities(test.table());
            assertThat(Metrics.auc(p, test.churned())).as("%s", options.algorithm()).isGreaterThan(0.8);
            assertThat(Arrays.stream(p).average().orElseThrow()).isCloseTo(Metrics.rate(test.churned()), within(0.03));

            List<PropensityModel.Score> scores = model.score(test.table(), 2);
            assertThat(scores).hasSize(2_000);
            assertThat(scores.get(7).probability()).isEqualTo(p[7]);
            assertThat(scores).allSatisfy(score -> assertThat(score.contributions()).hasSizeLessThanOrEqualTo(2));
            List<PropensityModel.Importance> importance = model.importance(test.table());
            assertThat(importance.get(0).column()).as("%s", options.algorithm()).isEqualTo("tenure");
            assertThat(importance.get(1).column()).isEqualTo("plan");
            assertThat(importance.get(3).column()).as("region does not matter").isEqualTo("region");
            PropensityModel.Score first = scores.get(0);
            assertThat(first.contributions().get(0).column()).isIn("tenure", "plan");
            assertThat(first.contributions().get(0).value()).isEqualTo(test.table().text(0, test.table().schema().indexOf(
                    first.contributions().get(0).column())));
            assertThat(model.score(test.table(), 0).get(0).contributions()).isEmpty();
            List<PropensityModel.Score> byPath = model.score(test.table(), 2, PropensityModel.Attribution.PATH);
            assertThat(byPath.get(7).probability()).isEqualTo(p[7]);
            long agree = 0;
            for (int i = 0; i < 200; i++) {
                agree += byPath.get(i).contributions().get(0).column().equals(scores.get(i).contributions().get(0).column()) ? 1 : 0;
            }
            assertThat(agree).as("the path attribution mostly names the same strongest column").isGreaterThan(150);
        }
    }

    @Test
    void contributionsPointTheRightWay() {
        Synthetic.Customers train = Synthetic.customers(4_000, 3);
        PropensityModel model = Propensity.train(train.table(), train.churned(), Propensity.Options.logisticRegression());
        Table two = new Table(Synthetic.CUSTOMERS, 2, List.of(new double[] {1, 70}, new double[] {70, 70}, new String[] {"monthly", "two-year"},
                new String[] {"north", "unknown-region"}));
        List<PropensityModel.Score> scores = model.score(two, 4);
        assertThat(scores.get(0).probability()).isGreaterThan(0.5);
        assertThat(scores.get(1).probability()).isLessThan(0.1);
        PropensityModel.Contribution tenure = scores.get(0).contributions().get(0);
        assertThat(tenure.column()).isEqualTo("tenure");
        assertThat(tenure.value()).isEqualTo("1");
        assertThat(tenure.logOdds()).isPositive();
        assertThat(scores.get(1).contributions()).filteredOn(c -> c.column().equals("plan")).singleElement()
                .satisfies(c -> assertThat(c.logOdds()).isNegative());
    }

    @Test
    void roundTripsThroughBytes() {
        Synthetic.Customers train = Synthetic.customers(2_000, 4);
        Synthetic.Customers test = Synthetic.customers(500, 5);
        for (Propensity.Options options : List.of(Propensity.Options.logisticRegression(),
                Propensity.Options.logisticRegression().withCalibration(Calibration.Method.ISOTONIC),
                Propensity.Options.gradientBoostedTrees().withCalibration(Calibration.Method.NONE))) {
            PropensityModel model = Propensity.train(train.table(), train.churned(), options);
            byte[] bytes = model.toBytes();
            PropensityModel read = PropensityModel.fromBytes(bytes);
            assertThat(read).isEqualTo(model);
            assertThat(read.probabilities(test.table())).containsExactly(model.probabilities(test.table()));
            assertThat(read.score(test.table(), 3)).isEqualTo(model.score(test.table(), 3));
            assertThatThrownBy(() -> PropensityModel.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PropensityModel.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).hasMessageContaining("not a Percept");
        byte[] huge = java.nio.ByteBuffer.allocate(12).putInt(0x50505231).putInt(1).putInt(Integer.MAX_VALUE).array();
        assertThatThrownBy(() -> PropensityModel.fromBytes(huge)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
    }

    @Test
    void crossValidatesDeterministicallyWithCalibratedOutOfFoldProbabilities() {
        Synthetic.Customers data = Synthetic.customers(3_000, 6);
        Propensity.Options options = Propensity.Options.logisticRegression();
        Propensity.Evaluation evaluation = Propensity.crossValidate(data.table(), data.churned(), options, 5, 7);
        assertThat(evaluation.foldAuc()).hasSize(5);
        assertThat(Arrays.stream(evaluation.foldAuc()).min().orElseThrow()).isGreaterThan(0.8);
        assertThat(evaluation.sdAuc()).isLessThan(0.05);
        assertThat(evaluation.pooledAuc()).isCloseTo(evaluation.meanAuc(), within(0.02));
        for (Calibration.Method method : Calibration.Method.values()) {
            assertThat(evaluation.logLoss(method)).isBetween(0.2, 0.6);
            assertThat(evaluation.calibrationTable(method)).allSatisfy(bin ->
                    assertThat(bin.meanPredicted()).isCloseTo(bin.observed(), within(0.08)));
        }
        assertThat(evaluation.liftTable().get(0).lift()).isGreaterThan(2);
        Propensity.Evaluation again = Propensity.crossValidate(data.table(), data.churned(), options, 5, 7);
        assertThat(again.margins()).containsExactly(evaluation.margins());
        assertThat(again.isotonic()).containsExactly(evaluation.isotonic());
    }

    @Test
    void refusesLabelsThatDoNotMatchTheRows() {
        Synthetic.Customers data = Synthetic.customers(100, 8);
        assertThatThrownBy(() -> Propensity.train(data.table(), new boolean[3], Propensity.Options.logisticRegression()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one label per row");
    }
}
