package io.percept.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantilesTests {

    @Test
    void interpolatesBetweenOrderStatisticsLikeRType7() {
        // R: quantile(c(1, 2, 3, 4, 10), c(0, 0.25, 0.5, 0.9, 1)) = 1, 2, 3, 7.6, 10
        double[] q = Quantiles.of(new double[] {10, 3, 1, 4, 2}, 0, 0.25, 0.5, 0.9, 1);

        assertThat(q).containsExactly(new double[] {1, 2, 3, 7.6, 10}, within(1e-12));
    }

    @Test
    void singleValueIsEveryQuantile() {
        assertThat(Quantiles.of(new long[] {42}, 0, 0.5, 0.99, 1)).containsOnly(42.0);
    }

    @Test
    void uniformSampleHasQuantilesNearTheirProbabilities() {
        SplittableRandom random = new SplittableRandom(7);
        double[] sample = new double[200_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = random.nextDouble();
        }

        double[] q = Quantiles.of(sample, 0.01, 0.5, 0.99);

        assertThat(q[0]).isCloseTo(0.01, within(0.002));
        assertThat(q[1]).isCloseTo(0.5, within(0.005));
        assertThat(q[2]).isCloseTo(0.99, within(0.002));
    }

    @Test
    void doesNotReorderTheCallersArray() {
        long[] latencies = {5, 1, 4};

        Quantiles.of(latencies, 0.5);

        assertThat(latencies).containsExactly(5, 1, 4);
    }

    @Test
    void rejectsEmptySamplesAndProbabilitiesOutsideTheUnitInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> Quantiles.of(new double[0], 0.5))
                .withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> Quantiles.of(new double[] {1}, 1.5))
                .withMessageContaining("1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> Quantiles.of(new double[] {1}, Double.NaN));
    }
}
