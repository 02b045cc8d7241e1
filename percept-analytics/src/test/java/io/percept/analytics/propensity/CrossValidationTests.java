package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Stratified folds keep each fold's share of positives and size equal, seeded. */
class CrossValidationTests {

    @Test
    void foldsAreStratifiedBalancedAndSeeded() {
        SplittableRandom random = new SplittableRandom(1);
        boolean[] y = new boolean[1_003];
        int positives = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextDouble() < 0.27;
            positives += y[i] ? 1 : 0;
        }
        int[] folds = CrossValidation.stratifiedFolds(y, 5, 42);
        int[] sizes = new int[5];
        int[] foldPositives = new int[5];
        for (int i = 0; i < y.length; i++) {
            sizes[folds[i]]++;
            foldPositives[folds[i]] += y[i] ? 1 : 0;
        }
        for (int f = 0; f < 5; f++) {
            assertThat(sizes[f]).isBetween(y.length / 5, y.length / 5 + 1);
            assertThat(foldPositives[f]).isBetween(positives / 5, positives / 5 + 1);
            assertThat(CrossValidation.test(folds, f)).hasSize(sizes[f]);
            assertThat(CrossValidation.training(folds, f)).hasSize(y.length - sizes[f]).isSorted();
        }
        assertThat(CrossValidation.stratifiedFolds(y, 5, 42)).isEqualTo(folds);
        assertThat(CrossValidation.stratifiedFolds(y, 5, 43)).isNotEqualTo(folds);
    }

    @Test
    void needsEnoughRowsOfEachClass() {
        assertThatThrownBy(() -> CrossValidation.stratifiedFolds(new boolean[] {true, false, false, false}, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> CrossValidation.stratifiedFolds(new boolean[] {true, false}, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
