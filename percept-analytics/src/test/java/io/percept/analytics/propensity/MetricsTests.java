package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AUC, log loss, Brier score, calibration and lift tables on hand examples and against brute force. */
class MetricsTests {

    @Test
    void aucIsTheMannWhitneyStatisticWithTiesCountingHalf() {
        double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4};
        boolean[] y = {false, false, true, true, true};
        // Positive-negative pairs: 0.35 beats 0.1 and loses to 0.4; 0.8 beats both; 0.4 beats 0.1 and ties 0.4: 4.5 of 6.
        assertThat(Metrics.auc(scores, y)).isCloseTo(4.5 / 6, within(1e-15));
        assertThat(Metrics.auc(new double[] {1, 2}, new boolean[] {false, true})).isEqualTo(1.0);
        assertThat(Metrics.auc(new double[] {1, 1}, new boolean[] {false, true})).isEqualTo(0.5);
    }

    @Test
    void aucMatchesCountingEveryPairOnRandomScoresWithTies() {
        SplittableRandom random = new SplittableRandom(1);
        double[] scores = new double[500];
        boolean[] y = new boolean[500];
        for (int i = 0; i < 500; i++) {
            y[i] = random.nextDouble() < 0.3;
            scores[i] = random.nextInt(20) + (y[i] ? 3 : 0);
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < 500; i++) {
            for (int j = 0; j < 500; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(Metrics.auc(scores, y)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void logLossAndBrierOnAHandExample() {
        double[] p = {0.9, 0.2, 0.5};
        boolean[] y = {true, false, true};
        assertThat(Metrics.logLoss(p, y)).isCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.5)) / 3, within(1e-15));
        assertThat(Metrics.brier(p, y)).isCloseTo((0.01 + 0.04 + 0.25) / 3, within(1e-15));
        assertThat(Metrics.logLoss(new double[] {0}, new boolean[] {true})).as("clipped").isCloseTo(-Math.log(1e-15), within(1e-9));
    }

    @Test
    void liftTableConcentratesThePositivesOfAPerfectScoreInTheTopGroups() {
        int n = 1_000;
        double[] scores = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = i;
            y[i] = i >= 850;
        }
        List<Metrics.LiftRow> lift = Metrics.liftTable(scores, y, 10);
        assertThat(lift).hasSize(10);
        assertThat(lift.get(0).positives()).isEqualTo(100);
        assertThat(lift.get(0).lift()).isCloseTo(1 / 0.15, within(1e-12));
        assertThat(lift.get(0).maxScore()).isEqualTo(999);
        assertThat(lift.get(0).minScore()).isEqualTo(900);
        assertThat(lift.get(1).positives()).isEqualTo(50);
        assertThat(lift.get(1).cumulativeGain()).isEqualTo(1.0);
        assertThat(lift.get(1).cumulativeLift()).isCloseTo(150 / 200.0 / 0.15, within(1e-12));
        assertThat(lift.get(9).cumulativeLift()).isCloseTo(1.0, within(1e-12));
        assertThat(lift.stream().mapToInt(Metrics.LiftRow::count).sum()).isEqualTo(n);
    }

    @Test
    void calibrationTableComparesMeanPredictedWithObservedPerGroup() {
        double[] p = {0.1, 0.1, 0.2, 0.2, 0.8, 0.9};
        boolean[] y = {false, false, false, true, true, true};
        List<Metrics.CalibrationBin> table = Metrics.calibrationTable(p, y, 3);
        assertThat(table).containsExactly(new Metrics.CalibrationBin(1, 2, 0.1, 0), new Metrics.CalibrationBin(2, 2, 0.2, 0.5),
                new Metrics.CalibrationBin(3, 2, 0.8500000000000001, 1));
    }

    @Test
    void refusesMismatchedOrOneClassInputs() {
        assertThatThrownBy(() -> Metrics.auc(new double[] {1, 2}, new boolean[] {true, true})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.brier(new double[] {1}, new boolean[] {true, false})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.liftTable(new double[] {1}, new boolean[] {true}, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
