package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy, per-class figures and macro-F1 on a hand-computed example. */
class ClassificationMetricsTests {

    @Test
    void computesTheFiguresOfAKnownConfusion() {
        // truth a a a a b b c ; predicted a a a b b c c
        int[] truth = {0, 0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 0, 1, 1, 2, 2};

        ClassificationMetrics metrics = ClassificationMetrics.of(truth, predicted, List.of("a", "b", "c", "unused"));

        assertThat(metrics.accuracy()).isCloseTo(5 / 7.0, offset(1e-12));
        ClassificationMetrics.PerClass a = metrics.perClass().get(0);
        assertThat(a.precision()).isEqualTo(1.0);
        assertThat(a.recall()).isEqualTo(0.75);
        assertThat(a.f1()).isCloseTo(2 * 0.75 / 1.75, offset(1e-12));
        ClassificationMetrics.PerClass b = metrics.perClass().get(1);
        assertThat(b.precision()).isEqualTo(0.5);
        assertThat(b.recall()).isEqualTo(0.5);
        ClassificationMetrics.PerClass c = metrics.perClass().get(2);
        assertThat(c.f1()).isCloseTo(2 * 0.5 / 1.5, offset(1e-12));
        assertThat(metrics.macroF1()).as("the unused class does not count").isCloseTo((6 / 7.0 + 0.5 + 2 / 3.0) / 3, offset(1e-12));
        assertThat(metrics.total()).isEqualTo(7);
    }

    @Test
    void refusesMismatchedInput() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0}, new int[] {0, 1}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {2}, new int[] {0}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
}
