package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Naive Bayes log-count ratios point towards the class a feature occurs in. */
class LogCountRatioTests {

    private static SparseVector of(int... indices) {
        float[] values = new float[indices.length];
        java.util.Arrays.fill(values, 1);
        return new SparseVector(indices, values);
    }

    @Test
    void ratiosFavourTheClassAFeatureOccursIn() {
        List<SparseVector> examples = List.of(of(0, 2), of(0, 3), of(1, 2), of(1, 3));
        LogCountRatio nb = LogCountRatio.fit(examples, new int[] {1, 1, 0, 0}, 1, 4, 1.0);

        assertThat(nb.ratios()[0]).as("only in positives").isPositive();
        assertThat(nb.ratios()[1]).as("only in negatives").isNegative();
        assertThat(nb.ratios()[2]).as("in both alike").isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));
        SparseVector weighted = nb.apply(of(0, 2));
        assertThat(weighted.indices()).containsExactly(0, 2);
        assertThat(weighted.values()[0]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(nb.apply(of()).size()).isZero();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> LogCountRatio.fit(List.of(of(0)), new int[] {1, 0}, 1, 2, 1)).hasMessageContaining("as many classes");
        assertThatThrownBy(() -> LogCountRatio.fit(List.of(of(0)), new int[] {1}, 1, 2, 0)).hasMessageContaining("alpha");
    }
}
