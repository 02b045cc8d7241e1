package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Isotonic and Platt calibration repair a seeded, deliberately miscalibrated score. */
class CalibrationTests {

    /** Labels drawn from sigmoid(m) for standard normal m, and an overconfident, shifted score 3m + 1. */
    private record Scored(double[] scores, boolean[] y) {
    }

    private static Scored miscalibrated(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] scores = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double m = 1.5 * Synthetic.gaussian(random);
            y[i] = random.nextDouble() < Classifier.sigmoid(m);
            scores[i] = 3 * m + 1;
        }
        return new Scored(scores, y);
    }

    @Test
    void isotonicOutputIsMonotoneAndCalibrated() {
        Scored fit = miscalibrated(20_000, 1);
        Calibration.Isotonic isotonic = Calibration.isotonic(fit.scores(), fit.y());
        Scored test = miscalibrated(20_000, 2);
        double[] calibrated = new double[test.y().length];
        double[] raw = new double[test.y().length];
        for (int i = 0; i < calibrated.length; i++) {
            calibrated[i] = isotonic.probability(test.scores()[i]);
            raw[i] = Classifier.sigmoid(test.scores()[i]);
        }
        double previous = 0;
        for (double score = -15; score <= 15; score += 0.01) {
            double p = isotonic.probability(score);
            assertThat(p).isGreaterThanOrEqualTo(previous).isBetween(0.0, 1.0);
            previous = p;
        }
        for (Metrics.CalibrationBin bin : Metrics.calibrationTable(calibrated, test.y(), 10)) {
            assertThat(bin.meanPredicted()).as("decile %d", bin.group()).isCloseTo(bin.observed(), within(0.03));
        }
        assertThat(Metrics.logLoss(calibrated, test.y())).isLessThan(Metrics.logLoss(raw, test.y()) - 0.1);
        assertThat(Metrics.brier(calibrated, test.y())).isLessThan(Metrics.brier(raw, test.y()));
    }

    @Test
    void plattRecoversTheAffineMapFromScoreToLogOdds() {
        Scored fit = miscalibrated(50_000, 3);
        Calibration.Platt platt = Calibration.platt(fit.scores(), fit.y());
        assertThat(platt.slope()).isCloseTo(1.0 / 3, within(0.01));
        assertThat(platt.intercept()).isCloseTo(-1.0 / 3, within(0.03));
        assertThat(Calibration.fit(Calibration.Method.PLATT, fit.scores(), fit.y())).isEqualTo(platt);
        assertThat(Calibration.fit(Calibration.Method.NONE, fit.scores(), fit.y()).probability(0.4)).isEqualTo(Classifier.sigmoid(0.4));
    }

    @Test
    void poolsAdjacentViolatorsOnAHandExample() {
        Calibration.Isotonic isotonic = Calibration.isotonic(new double[] {1, 2, 3, 4, 4}, new boolean[] {true, false, true, true, false});
        // (1: 1) and (2: 0) violate and pool to 0.5 over [1, 2]; 3 alone is 1; the tie at 4 pools to 0.5 first,
        // which violates 1 and pools with it to 2/3 over [3, 4].
        assertThat(isotonic.margins()).containsExactly(1, 2, 3, 4);
        assertThat(isotonic.probabilities()).containsExactly(new double[] {0.5, 0.5, 2.0 / 3, 2.0 / 3}, within(1e-12));
        assertThat(isotonic.probability(2.5)).isCloseTo(0.5 + 0.5 * (2.0 / 3 - 0.5), within(1e-12));
        assertThat(isotonic.probability(-10)).isEqualTo(0.5);
        assertThat(isotonic.probability(10)).isCloseTo(2.0 / 3, within(1e-12));
        Calibration.Isotonic pure = Calibration.isotonic(new double[] {1, 2, 3, 4}, new boolean[] {false, false, true, true});
        assertThat(pure.probabilities()).as("kept off 0 and 1 by 1 / 2n").containsExactly(0.125, 0.125, 0.875, 0.875);
    }

    @Test
    void refusesScoresThatAreNotFinite() {
        assertThatThrownBy(() -> Calibration.isotonic(new double[] {Double.NaN}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Calibration.platt(new double[] {1, 2}, new boolean[] {true})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Calibration.Isotonic(new double[] {1, 0}, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
