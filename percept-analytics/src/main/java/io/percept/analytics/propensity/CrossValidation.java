package io.percept.analytics.propensity;

import java.util.SplittableRandom;

/**
 * Stratified k-fold cross-validation: each class's rows are shuffled with the seed and dealt to
 * the folds in turn, so every fold has the same share of positives (within one row) and fold sizes
 * differ by at most one.
 */
public final class CrossValidation {

    private CrossValidation() {
    }

    /**
     * Each row's fold, in {@code [0, k)}.
     *
     * @throws IllegalArgumentException if {@code k} is below 2 or a class has fewer than {@code k} rows
     */
    public static int[] stratifiedFolds(boolean[] y, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 folds, was " + k);
        }
        int positives = Provenance.positives(y);
        if (positives < k || y.length - positives < k) {
            throw new IllegalArgumentException("each class needs at least " + k + " rows for " + k + " folds; positives: " + positives + " of " + y.length);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] folds = new int[y.length];
        int dealt = 0;
        for (boolean label : new boolean[] {true, false}) {
            int[] members = new int[label ? positives : y.length - positives];
            int count = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] == label) {
                    members[count++] = i;
                }
            }
            for (int i = count - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = members[i];
                members[i] = members[j];
                members[j] = swap;
            }
            for (int member : members) {
                folds[member] = dealt++ % k;
            }
        }
        return folds;
    }

    /** The rows outside fold {@code fold}, ascending. */
    public static int[] training(int[] folds, int fold) {
        return rows(folds, fold, false);
    }

    /** The rows of fold {@code fold}, ascending. */
    public static int[] test(int[] folds, int fold) {
        return rows(folds, fold, true);
    }

    private static int[] rows(int[] folds, int fold, boolean inside) {
        int count = 0;
        for (int f : folds) {
            count += (f == fold) == inside ? 1 : 0;
        }
        int[] rows = new int[count];
        int at = 0;
        for (int i = 0; i < folds.length; i++) {
            if ((folds[i] == fold) == inside) {
                rows[at++] = i;
            }
        }
        return rows;
    }
}
