package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentComparisonTests {

    /** Columns: shifted (planted: +0.5 sd in A), five null normals, app (planted: 30 % vs 50 %), member (null: 40 %), spend (null, log scale). */
    private static final List<Feature> FEATURES = List.of(Feature.standard("shifted"), Feature.standard("n1"), Feature.standard("n2"),
            Feature.standard("n3"), Feature.standard("n4"), Feature.standard("n5"), Feature.standard("appUser"), Feature.standard("member"),
            Feature.standard("monetary"));

    private static Matrix group(int n, boolean a, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n * 9];
        for (int i = 0; i < n; i++) {
            int o = i * 9;
            values[o] = Blobs.gaussian(random) + (a ? 0.5 : 0);
            for (int j = 1; j <= 5; j++) {
                values[o + j] = 10 + 3 * Blobs.gaussian(random);
            }
            values[o + 6] = random.nextDouble() < (a ? 0.3 : 0.5) ? 1 : 0;
            values[o + 7] = random.nextDouble() < 0.4 ? 1 : 0;
            values[o + 8] = Math.exp(6 + Blobs.gaussian(random));
        }
        return new Matrix(n, 9, values);
    }

    @Test
    void findsThePlantedDifferencesAndNotTheNullOnes() {
        SegmentComparison.Comparison comparison = SegmentComparison.compare(group(2_000, true, 1), group(2_500, false, 2), FEATURES);

        List<SegmentComparison.FeatureDifference> rows = comparison.differences();
        assertThat(rows).extracting(r -> r.feature().name()).startsWith("shifted", "appUser");
        SegmentComparison.FeatureDifference shifted = rows.get(0);
        assertThat(shifted.pValue()).isLessThan(1e-6);
        assertThat(shifted.qValue()).isLessThan(1e-6);
        assertThat(shifted.effectSize()).isCloseTo(0.5, within(0.08));
        assertThat(shifted.measure()).isEqualTo(SegmentComparison.EffectMeasure.HEDGES_G);
        assertThat(shifted.test()).isEqualTo("welch-t");
        SegmentComparison.FeatureDifference app = rows.get(1);
        assertThat(app.pValue()).isLessThan(1e-6);
        assertThat(app.measure()).isEqualTo(SegmentComparison.EffectMeasure.COHENS_H);
        assertThat(app.test()).isEqualTo("two-proportion-z");
        assertThat(app.difference()).isCloseTo(-0.2, within(0.04));
        assertThat(app.effectSize()).isNegative();
        long nullsNotSignificant = rows.subList(2, rows.size()).stream().filter(r -> r.qValue() > 0.05).count();
        assertThat(nullsNotSignificant).isGreaterThanOrEqualTo(6);
        assertThat(comparison.significant(0.05, 0.2)).extracting(r -> r.feature().name()).containsExactly("shifted", "appUser");
        assertThat(comparison.sizeA()).isEqualTo(2_000);
        // sorted by |effect size|
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Math.abs(rows.get(i).effectSize())).isLessThanOrEqualTo(Math.abs(rows.get(i - 1).effectSize()));
        }
    }

    @Test
    void nullFeaturesAreRarelySignificantOverManyRepetitions() {
        int falsePositives = 0;
        int tests = 0;
        for (long seed = 0; seed < 40; seed++) {
            SegmentComparison.Comparison comparison = SegmentComparison.compare(group(300, false, 2 * seed + 11), group(400, false, 2 * seed + 12), FEATURES);
            for (SegmentComparison.FeatureDifference row : comparison.differences()) {
                tests++;
                if (row.pValue() < 0.05) {
                    falsePositives++;
                }
            }
        }
        // the tests hold their level: about 5 % of 360 null tests reject at 0.05
        assertThat((double) falsePositives / tests).isBetween(0.02, 0.09);
    }

    @Test
    void swappingTheGroupsFlipsTheSigns() {
        Matrix a = group(500, true, 5);
        Matrix b = group(600, false, 6);

        SegmentComparison.FeatureDifference ab = SegmentComparison.compare(a, b, FEATURES).differences().get(0);
        SegmentComparison.FeatureDifference ba = SegmentComparison.compare(b, a, FEATURES).differences().get(0);

        assertThat(ba.feature()).isEqualTo(ab.feature());
        assertThat(ba.effectSize()).isCloseTo(-ab.effectSize(), within(1e-12));
        assertThat(ba.statistic()).isCloseTo(-ab.statistic(), within(1e-12));
        assertThat(ba.pValue()).isCloseTo(ab.pValue(), within(1e-15));
    }

    @Test
    void logScaleFeaturesAreTestedOnTheLogScale() {
        // spend: same median, a few huge outliers in B; on the log scale the groups hardly differ
        double[][] a = new double[200][];
        double[][] b = new double[200][];
        for (int i = 0; i < 200; i++) {
            a[i] = new double[] {100 + i};
            b[i] = new double[] {i < 4 ? 1_000_000 : 100 + i};
        }
        Matrix ma = Matrix.of(a);
        Matrix mb = Matrix.of(b);

        SegmentComparison.FeatureDifference logged = SegmentComparison.compare(ma, mb, List.of(Feature.standard("monetary"))).differences().get(0);
        SegmentComparison.FeatureDifference linear = SegmentComparison.compare(ma, mb, List.of(Feature.standard("monetary").linearScaled()))
                .differences().get(0);

        assertThat(logged.difference()).isEqualTo(linear.difference());
        assertThat(logged.meanB()).isGreaterThan(10 * logged.meanA());
        assertThat(Math.abs(logged.effectSize())).isLessThan(0.4);
        assertThat(logged.feature().logScale()).isTrue();
    }

    @Test
    void comparesClustersOfALabelledMatrix() {
        Customers customers = Customers.of(3_000, 9);

        SegmentComparison.Comparison valuableVsRest = SegmentComparison.compareWithRest(customers.data(), customers.segment(), 0,
                Customers.FEATURES);
        SegmentComparison.Comparison appVsOther = SegmentComparison.compare(customers.data(), customers.segment(), 1, 2, Customers.FEATURES);

        assertThat(valuableVsRest.differences().get(0).feature().name()).isIn("monetary", "recencyDays");
        assertThat(valuableVsRest.sizeA() + valuableVsRest.sizeB()).isEqualTo(3_000);
        assertThat(appVsOther.differences().get(0).feature().name()).isEqualTo("appUser");
        assertThatIllegalArgumentException().isThrownBy(
                () -> SegmentComparison.compare(customers.data(), customers.segment(), 1, 1, Customers.FEATURES));
    }

    @Test
    void refusesBadInput() {
        Matrix a = group(10, true, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> SegmentComparison.compare(a, group(1, false, 2), FEATURES));
        assertThatIllegalArgumentException().isThrownBy(() -> SegmentComparison.compare(a, a, FEATURES.subList(0, 3)));
        Matrix badIndicator = Matrix.of(new double[][] {{2}, {0}, {1}});
        assertThatIllegalArgumentException().isThrownBy(() -> SegmentComparison.compare(badIndicator, badIndicator, List.of(Feature.standard("appUser"))))
                .withMessageContaining("not 0 or 1");
    }
}
