package io.percept.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShoppingPatternsTests {

    @Test
    void findsEachGroupsPlantedPeak() {
        SplittableRandom random = new SplittableRandom(21);
        int n = 30_000;
        int[] group = new int[n];
        int[] weekday = new int[n];
        int[] hour = new int[n];
        for (int e = 0; e < n; e++) {
            int g = e % 3;
            group[e] = g;
            weekday[e] = random.nextInt(7);
            hour[e] = random.nextInt(24);
            // group 0 leans to Saturday evenings, group 1 to Tuesday mornings, group 2 shops like the other two together
            double draw = random.nextDouble();
            if ((g == 0 && draw < 0.3) || (g == 2 && draw < 0.15)) {
                weekday[e] = 5;
                hour[e] = 20;
            } else if ((g == 1 && draw < 0.3) || (g == 2 && draw >= 0.15 && draw < 0.3)) {
                weekday[e] = 1;
                hour[e] = 10;
            }
        }
        ShoppingPatterns.Result result = ShoppingPatterns.of(3, group, weekday, hour);
        ShoppingPatterns.Pattern evenings = result.groups().get(0);
        ShoppingPatterns.Pattern mornings = result.groups().get(1);
        ShoppingPatterns.Pattern typical = result.groups().get(2);
        assertThat(evenings.peakHour()).isEqualTo(20);
        assertThat(evenings.peakWeekday()).isEqualTo(5);
        assertThat(evenings.peakCell()).isEqualTo(5 * 24 + 20);
        assertThat(mornings.peakCell()).isEqualTo(24 + 10);
        assertThat(evenings.hourRatio()[20]).isGreaterThan(1.5);
        assertThat(mornings.hourRatio()[20]).isLessThan(1);
        assertThat(evenings.hourCramersV()).isGreaterThan(0.2);
        assertThat(typical.hourCramersV()).isLessThan(evenings.hourCramersV() / 5);
        assertThat(typical.hourRatio()[20]).isCloseTo(1, within(0.15));
        assertThat(evenings.hourDegrees()).isEqualTo(23);
        assertThat(evenings.weekdayDegrees()).isEqualTo(6);
        assertThat(result.population().total()).isEqualTo(n);
        assertThat(evenings.total() + mornings.total() + typical.total()).isEqualTo(n);
    }

    @Test
    void handCheckedChiSquare() {
        // group 0: 10 events at 09:00; group 1: 10 at 17:00 (both Mondays): a 2 × 2 table [[10, 0], [0, 10]]
        int[] group = new int[20];
        int[] weekday = new int[20];
        int[] hour = new int[20];
        for (int e = 0; e < 20; e++) {
            group[e] = e < 10 ? 0 : 1;
            hour[e] = e < 10 ? 9 : 17;
        }
        ShoppingPatterns.Pattern first = ShoppingPatterns.of(2, group, weekday, hour).groups().get(0);
        assertThat(first.hourChiSquare()).isCloseTo(20, within(1e-9));
        assertThat(first.hourDegrees()).isEqualTo(1);
        assertThat(first.hourCramersV()).isCloseTo(1, within(1e-9));
        assertThat(first.hourRatio()[9]).isCloseTo(2, within(1e-9));
        assertThat(first.weekdayChiSquare()).isZero();
        double[] weights = new double[20];
        java.util.Arrays.fill(weights, 2);
        assertThat(ShoppingPatterns.of(2, group, weekday, hour, weights).groups().get(0).hourChiSquare()).isCloseTo(40, within(1e-9));
    }
}
