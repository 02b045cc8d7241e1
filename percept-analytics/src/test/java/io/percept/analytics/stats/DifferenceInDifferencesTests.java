package io.percept.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.stats.DifferenceInDifferences.Estimate;
import org.junit.jupiter.api.Test;

class DifferenceInDifferencesTests {

    @Test
    void estimateAndIntervalFromHandComputedCells() {
        // means: T before 2, T after 6, C before 1, C after 2 -> DiD = (6 - 2) - (2 - 1) = 3
        // sample variances: T before {1,2,3} = 1, T after {5,6,7} = 1, C before {0,1,2} = 1, C after {1,2,3} = 1; n = 3 each
        // SE = sqrt(4 * 1/3) = 1.1547
        Estimate e = DifferenceInDifferences.estimate(new double[] {1, 2, 3}, new double[] {5, 6, 7}, new double[] {0, 1, 2}, new double[] {1, 2, 3});
        assertThat(e.estimate()).isEqualTo(3.0);
        assertThat(e.standardError()).isCloseTo(Math.sqrt(4 / 3.0), within(1e-12));
        assertThat(e.low()).isCloseTo(3 - 1.959964 * 1.1547005, within(1e-6));
        assertThat(e.high()).isCloseTo(3 + 1.959964 * 1.1547005, within(1e-6));
        assertThat(e.significantlyPositive()).isTrue();
        assertThat(e.controlled()).isTrue();
        // without the intervention the treated group would have had 6 - 3 = 3 after: +100 %
        assertThat(e.relative()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aCommonTrendIsNoEffect() {
        // both groups rise by 10: the intervention did nothing
        Estimate e = DifferenceInDifferences.estimate(new double[] {10, 12, 14}, new double[] {20, 22, 24}, new double[] {5, 6, 7}, new double[] {15, 16, 17});
        assertThat(e.estimate()).isEqualTo(0.0);
        assertThat(e.significantlyPositive()).isFalse();
        assertThat(e.significantlyNegative()).isFalse();
    }

    @Test
    void noisyDaysWidenTheIntervalPastZero() {
        Estimate e = DifferenceInDifferences.estimate(new double[] {0, 10, 0, 10}, new double[] {2, 12, 2, 12}, new double[] {5, 5}, new double[] {5, 5});
        // DiD = 2, SE = sqrt(100/3/4 * 2) = 4.08
        assertThat(e.estimate()).isEqualTo(2.0);
        assertThat(e.standardError()).isCloseTo(Math.sqrt(2 * (100 / 3.0) / 4), within(1e-12));
        assertThat(e.low()).isNegative();
        assertThat(e.significantlyPositive()).isFalse();
    }

    @Test
    void aSignificantDrop() {
        Estimate e = DifferenceInDifferences.estimate(new double[] {10, 11, 9}, new double[] {5, 6, 4}, new double[] {10, 11, 9}, new double[] {10, 11, 9});
        assertThat(e.estimate()).isEqualTo(-5.0);
        assertThat(e.significantlyNegative()).isTrue();
    }

    @Test
    void daysWithoutDataAreSkipped() {
        Estimate e = DifferenceInDifferences.estimate(new double[] {1, Double.NaN, 3}, new double[] {5, 7}, new double[] {1, 1}, new double[] {1, Double.NaN, 1});
        // T before mean 2 (var 2), T after 6 (var 2), control flat
        assertThat(e.estimate()).isEqualTo(4.0);
        assertThat(e.standardError()).isCloseTo(Math.sqrt(2 / 2.0 + 2 / 2.0), within(1e-12));
    }

    @Test
    void withoutAControlGroupTheEstimateIsTheTreatedChange() {
        Estimate e = DifferenceInDifferences.estimate(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[0], new double[0]);
        assertThat(e.controlled()).isFalse();
        assertThat(e.estimate()).isEqualTo(3.0);
        assertThat(e.standardError()).isCloseTo(Math.sqrt(2 / 3.0), within(1e-12));
        assertThat(e.controlBefore()).isNaN();
        assertThatThrownBy(() -> DifferenceInDifferences.estimate(new double[] {1}, new double[] {2}, new double[] {1}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSingleDayCellHasNoStandardError() {
        Estimate e = DifferenceInDifferences.estimate(new double[] {1}, new double[] {3, 5}, new double[0], new double[0]);
        assertThat(e.estimate()).isEqualTo(3.0);
        assertThat(e.standardError()).isNaN();
        assertThat(e.significantlyPositive()).isFalse();
    }
}
