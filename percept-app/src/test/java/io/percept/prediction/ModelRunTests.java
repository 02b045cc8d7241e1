package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small helpers of a run. */
class ModelRunTests {

    @Test
    void topIndexesKeepTheLargestOrSmallestInOrderWithTiesByIndex() {
        double[] values = {0.3, 0.9, 0.1, 0.9, 0.5, 0.0};
        assertThat(ModelRun.topIndexes(values, 3, false)).containsExactly(1, 3, 4);
        assertThat(ModelRun.topIndexes(values, 2, true)).containsExactly(5, 2);
        assertThat(ModelRun.topIndexes(values, 10, false)).containsExactly(1, 3, 4, 0, 2, 5);
        assertThat(ModelRun.topIndexes(values, 0, false)).isEmpty();
    }
}
