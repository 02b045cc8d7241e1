package io.percept.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.stats.Bursts.Burst;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstsTests {

    private static final double NaN = Double.NaN;

    @Test
    void aRunOfHighWeeksIsOneBurstAgainstTheMedianBefore() {
        // baseline weeks 0-7: mean of {9,11,10,10,12,8,10,10} = 10; weeks 8-10 at 30, 25, 14 (14 >= 1.3 x 10 continues); week 11 back to 10
        double[] counts = {9, 11, 10, 10, 12, 8, 10, 10, 30, 25, 14, 10, 11, 9};
        List<Burst> bursts = Bursts.find(counts, Bursts.Options.defaults());
        assertThat(bursts).hasSize(1);
        Burst burst = bursts.get(0);
        assertThat(burst.from()).isEqualTo(8);
        assertThat(burst.to()).isEqualTo(10);
        assertThat(burst.observed()).isEqualTo(69.0);
        assertThat(burst.expected()).isEqualTo(30.0); // held at 10 for the burst's 3 weeks
        assertThat(burst.ratio()).isCloseTo(2.3, within(1e-12));
        assertThat(burst.baseline()).isEqualTo(80.0);
        assertThat(burst.periods()).isEqualTo(8);
        assertThat(burst.length()).isEqualTo(3);
        // 69 of the 149 counts fell in 3 of 11 weeks: P(Binomial(149, 3/11) >= 69)
        assertThat(burst.surprise()).isCloseTo(Bursts.surprise(69, 80, 3 / 8.0), within(1e-12));
    }

    @Test
    void aBurstDoesNotBecomeTheBaselineOfTheNext() {
        // after a long burst, the baseline is still the quiet weeks before it: a second rise at 30 is found
        double[] counts = {10, 10, 10, 10, 10, 40, 40, 40, 40, 40, 40, 40, 40, 10, 10, 30};
        List<Burst> bursts = Bursts.find(counts, Bursts.Options.defaults());
        assertThat(bursts).extracting(Burst::from, Burst::to).containsExactly(org.assertj.core.groups.Tuple.tuple(5, 12),
                org.assertj.core.groups.Tuple.tuple(15, 15));
    }

    @Test
    void smallOrInsignificantRisesAreNoBurst() {
        // 1 -> 4 is 4x but under the minimum count of 5; 100 -> 150 is 1.5x, under the ratio 1.6; 10 -> 16 with z = 1.9 < 2
        assertThat(Bursts.find(new double[] {1, 1, 1, 1, 1, 4}, Bursts.Options.defaults())).isEmpty();
        assertThat(Bursts.find(new double[] {100, 100, 100, 100, 150}, Bursts.Options.defaults())).isEmpty();
        assertThat(Bursts.find(new double[] {10, 10, 10, 10, 16}, Bursts.Options.defaults().withRatio(1.5, 1.2))).isEmpty();
        // too few weeks before for a baseline
        assertThat(Bursts.find(new double[] {10, 10, 10, 50}, Bursts.Options.defaults())).isEmpty();
    }

    @Test
    void weeksWithoutDataAreSkipped() {
        double[] counts = {10, NaN, 10, 10, 10, NaN, 40, NaN};
        List<Burst> bursts = Bursts.find(counts, Bursts.Options.defaults());
        assertThat(bursts).extracting(Burst::from, Burst::to).containsExactly(org.assertj.core.groups.Tuple.tuple(6, 6));
    }

    @Test
    void surpriseIsTheExactTestOfTwoPoissonRates() {
        // 3 counts in 1 week against 1 count in 1 week: given 4, X ~ Binomial(4, 1/2); P(X >= 3) = 5/16
        assertThat(Bursts.surprise(3, 1, 1)).isCloseTo(-Math.log10(5 / 16.0), within(1e-12));
        // 4 against 0 in as many weeks: P(X >= 4) = (1/2)^4
        assertThat(Bursts.surprise(4, 0, 1)).isCloseTo(-Math.log10(1 / 16.0), within(1e-12));
        // 10 in 1 week against 20 in 4 weeks: Binomial(30, 1/5); P(X >= 10) = 0.06109 (R: pbinom(9, 30, 0.2, lower.tail = FALSE))
        assertThat(Bursts.surprise(10, 20, 0.25)).isCloseTo(-Math.log10(0.06109), within(1e-3));
        // no more than the baseline lets expect: no surprise
        assertThat(Bursts.surprise(5, 20, 0.25)).isZero();
        // a small baseline proves less than a long one at the same rate
        assertThat(Bursts.surprise(20, 5, 1)).isLessThan(Bursts.surprise(20, 40, 1 / 8.0));
        // large counts stay finite: 1,314 in 2 weeks against 3,284 in 8
        assertThat(Bursts.surprise(1314, 3284, 0.25)).isBetween(30.0, 120.0);
    }

    @Test
    void ratioComparesAWindowWithTheMeanBeforeIt() {
        double[] counts = {4, 6, 5, 5, 12, 12};
        assertThat(Bursts.ratio(counts, 4, 5, 4)).isCloseTo(24 / (5.0 * 2), within(1e-12));
        assertThat(Bursts.window(counts, 4, 5, 4)).containsExactly(24, 20, 4);
        assertThat(Bursts.ratio(counts, 0, 1, 4)).isNaN();
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new Bursts.Options(2, 4, 2, 1.5, 3, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bursts.Options(8, 4, 1.2, 1.5, 3, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
