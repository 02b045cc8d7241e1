package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AgreementTests {

    @Test
    void identicalPartitionsUnderOtherNamesAgreeFully() {
        assertThat(Agreement.adjustedRandIndex(new int[] {0, 0, 1, 1, 2, 2}, new int[] {5, 5, 3, 3, 9, 9})).isEqualTo(1.0);
        assertThat(Agreement.adjustedRandIndex(new int[] {0, 0, 0}, new int[] {1, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void matchesScikitLearnsExamples() {
        // sklearn.metrics.adjusted_rand_score documentation
        assertThat(Agreement.adjustedRandIndex(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1})).isCloseTo(0.5714285714285715, within(1e-12));
        assertThat(Agreement.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2})).isCloseTo(0.5714285714285715, within(1e-12));
        assertThat(Agreement.adjustedRandIndex(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isCloseTo(0.0, within(1e-12));
        assertThat(Agreement.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void independentLabellingsScoreNearZero() {
        SplittableRandom random = new SplittableRandom(3);
        int[] a = new int[20_000];
        int[] b = new int[20_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt(4);
            b[i] = random.nextInt(5);
        }

        assertThat(Agreement.adjustedRandIndex(a, b)).isCloseTo(0.0, within(0.01));
    }

    @Test
    void refusesLabellingsOfDifferentLengths() {
        assertThatIllegalArgumentException().isThrownBy(() -> Agreement.adjustedRandIndex(new int[] {0, 1}, new int[] {0}));
        assertThatIllegalArgumentException().isThrownBy(() -> Agreement.adjustedRandIndex(new int[0], new int[0]));
    }
}
