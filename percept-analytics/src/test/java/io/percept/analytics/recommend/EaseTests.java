package io.percept.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EaseTests {

    /** Keeps every positive weight of a small catalogue. */
    private static Ease.Options all(double l2, int items) {
        return new Ease.Options(l2, ItemSimilarity.Weighting.RAW, items, 1, 20_000);
    }

    @Test
    void weightsAreEachItemsRidgeRegressionOnTheOthers() {
        // the closed form B = I − P diag(1/diag P) equals, column by column, the ridge regression of
        // item j's column on all other columns (Steck 2019, eq. 8): checked against a direct solve
        int users = 40;
        int items = 6;
        SplittableRandom random = new SplittableRandom(7);
        double[][] x = new double[users][items];
        Interactions.Builder builder = new Interactions.Builder(users, items);
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                // items 0-2 and 3-5 tend to go together; weights vary
                if (random.nextDouble() < ((u % 2 == 0) == (i < 3) ? 0.7 : 0.15)) {
                    x[u][i] = 1 + random.nextInt(3);
                    builder.add(u, i, (float) x[u][i]);
                }
            }
        }
        double l2 = 2.5;
        Ease.Model model = Ease.fit(builder.build(), all(l2, items));
        for (int j = 0; j < items; j++) {
            double[] b = ridge(x, j, l2);
            for (int i = 0; i < items; i++) {
                float kept = weight(model, i, j);
                if (i == j || b[i] <= 0) {
                    assertThat(kept).isZero();
                } else {
                    assertThat((double) kept).isCloseTo(b[i], within(1e-5));
                }
            }
        }
        // the planted groups: more weight flows within a group than across
        double within = 0;
        double across = 0;
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                if ((i < 3) == (j < 3)) {
                    within += weight(model, i, j);
                } else {
                    across += weight(model, i, j);
                }
            }
        }
        assertThat(within).isGreaterThan(across);
        assertThat(model.provenance().regressed()).isEqualTo(items);
    }

    /** Coefficients of column j regressed on the other columns with penalty l2 (normal equations, Gaussian elimination). */
    private static double[] ridge(double[][] x, int j, double l2) {
        int n = x[0].length;
        double[][] a = new double[n][n + 1];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                for (double[] row : x) {
                    a[p][q] += row[p] * row[q];
                }
            }
            a[p][p] += l2;
            for (double[] row : x) {
                a[p][n] += row[p] * row[j];
            }
        }
        // pin b_j = 0: replace equation j by b_j = 0
        Arrays.fill(a[j], 0);
        a[j][j] = 1;
        for (int p = 0; p < n; p++) {
            if (p != j) {
                a[p][j] = 0;
            }
        }
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= n; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] b = new double[n];
        for (int p = 0; p < n; p++) {
            b[p] = a[p][n] / a[p][p];
        }
        return b;
    }

    private static float weight(Ease.Model model, int i, int j) {
        for (int p = model.start()[i]; p < model.start()[i + 1]; p++) {
            if (model.neighbours()[p] == j) {
                return model.similarities()[p];
            }
        }
        return 0f;
    }

    @Test
    void aProductFamilyIsRecommendedFromItsMembers() {
        Ease.Model model = Ease.fit(ItemSimilarityTests.clusteredPurchases(4000, 11), new Ease.Options(50, ItemSimilarity.Weighting.BINARY, 20, 1, 1000));
        RecommenderTests.recommendsClusterTwoFromThreeOfItsItems(model);
        for (int i = 0; i < model.items(); i++) {
            for (int p = model.start()[i]; p < model.start()[i + 1]; p++) {
                assertThat(model.similarities()[p]).isPositive();
                if (p > model.start()[i]) {
                    assertThat(model.similarities()[p]).isLessThanOrEqualTo(model.similarities()[p - 1]);
                }
            }
        }
    }

    @Test
    void rareItemsStayOutOfTheRegressionButCountForPopularity() {
        // items 0 and 1 always together (3 users), item 2 with item 0 once, item 3 alone once
        Interactions data = new Interactions.Builder(5, 4).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, 1).add(2, 0, 1).add(2, 1, 1)
                .add(3, 0, 1).add(3, 2, 1).add(4, 3, 1).build();
        Ease.Model model = Ease.fit(data, new Ease.Options(1, ItemSimilarity.Weighting.BINARY, 10, 2, 100));
        assertThat(model.provenance().regressed()).isEqualTo(2);
        assertThat(model.popularity()).containsExactly(4, 3, 1, 1);
        assertThat(model.start()[3] - model.start()[2]).isZero();
        assertThat(model.start()[4] - model.start()[3]).isZero();
        // two items: P = (G + λI)⁻¹ with G = [[4, 3], [3, 3]], λ = 1 → B_01 = −P_01 / P_11 = 3 / 5, B_10 = 3 / 4
        assertThat(weight(model, 0, 1)).isCloseTo(3f / 5, within(1e-6f));
        assertThat(weight(model, 1, 0)).isCloseTo(3f / 4, within(1e-6f));

        Ease.Model capped = Ease.fit(data, new Ease.Options(1, ItemSimilarity.Weighting.BINARY, 10, 1, 2));
        assertThat(capped.provenance().regressed()).isEqualTo(2);
        assertThat(capped.neighbours()).containsExactly(1, 0);
    }

    @Test
    void roundTripsThroughBytesAndCarriesProvenance() {
        Interactions data = ItemSimilarityTests.clusteredPurchases(500, 3);
        Ease.Options options = new Ease.Options(20, ItemSimilarity.Weighting.LOG, 15, 2, 150);
        Ease.Model model = Ease.fit(data, options);
        assertThat(Ease.Model.fromBytes(model.toBytes())).isEqualTo(model);
        assertThat(Ease.fit(data, options)).isEqualTo(model);
        assertThat(model.provenance().algorithm()).isEqualTo(Ease.ALGORITHM);
        assertThat(model.provenance().options()).isEqualTo(options);
        assertThat(model.provenance().regressed()).isEqualTo(150);
        assertThat(model.provenance().fingerprint()).isEqualTo(ItemSimilarity.fingerprint(data))
                .isNotEqualTo(ItemSimilarity.fingerprint(ItemSimilarityTests.clusteredPurchases(500, 4)));
        assertThatThrownBy(() -> ItemSimilarity.Model.fromBytes(model.toBytes())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void choleskyInverseAgreesWithTheMatrix() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 7;
        double[][] m = new double[n][n];
        for (double[] row : m) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextDouble() - 0.5;
            }
        }
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += m[i][k] * m[j][k];
                }
                a[i][j] += i == j ? 1 : 0;
            }
        }
        double[][] original = new double[n][];
        for (int i = 0; i < n; i++) {
            original[i] = a[i].clone();
        }
        Ease.choleskyInPlace(a);
        Ease.invertLowerInPlace(a);
        // A⁻¹ = MᵀM with M = L⁻¹ (lower triangle); check A · A⁻¹ = I
        double[][] inverse = Ease.gramOfRows(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    double aik = k <= i ? original[i][k] : original[k][i];
                    sum += aik * (j <= k ? inverse[k][j] : inverse[j][k]);
                }
                assertThat(sum).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new Ease.Options(0, ItemSimilarity.Weighting.RAW, 10, 1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ease.Options(1, null, 10, 1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ease.Options(1, ItemSimilarity.Weighting.RAW, 0, 1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ease.Options(1, ItemSimilarity.Weighting.RAW, 10, 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ease.Options(1, ItemSimilarity.Weighting.RAW, 10, 1, 20_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
