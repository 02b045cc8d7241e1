package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentationTests {

    /** Three RFM segments: champions (recent, frequent, big spend), lapsed (long ago, once, small), new (recent, once, small). */
    private static double[][] rfm(int n, long seed, int[] truth) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            int s = random.nextInt(3);
            truth[i] = s;
            double recency = s == 1 ? 300 + 20 * Blobs.gaussian(random) : 10 + 3 * Blobs.gaussian(random);
            double frequency = s == 0 ? Math.round(Math.exp(2.5 + 0.2 * Blobs.gaussian(random))) : 1;
            double monetary = Math.exp((s == 0 ? 9 : 5) + 0.3 * Blobs.gaussian(random));
            rows[i] = new double[] {recency, frequency, monetary};
        }
        return rows;
    }

    @Test
    void segmentsNamedFeaturesInOneCall() {
        int[] truth = new int[3_000];
        double[][] rows = rfm(3_000, 4, truth);

        Segmentation.Result result = Segmentation.run(rows, "recencyDays", "frequency", "monetary");

        assertThat(result.k()).isEqualTo(3);
        assertThat(result.scores()).hasSize(9);
        assertThat(Agreement.adjustedRandIndex(result.assignments(), truth)).isGreaterThan(0.95);
        int champions = result.assign(new double[] {8, 14, 9_000});
        // the others all bought once: frequency distinguishes the champions even more than spend
        assertThat(result.profiles().get(champions).label()).isEqualTo(new Feature.Words("高频-高价值", "Frequent, high value"));
        int lapsed = result.assign(new double[] {310, 1, 150});
        assertThat(result.profiles().get(lapsed).label().zh()).contains("久未购买");
        assertThat(result.centroid(champions)[2]).isCloseTo(Math.exp(9), within(Math.exp(9) * 0.1));
        SegmentComparison.Comparison comparison = Segmentation.compare(Matrix.of(rows), result, champions, lapsed);
        assertThat(comparison.differences().get(0).pValue()).isLessThan(1e-6);
    }

    @Test
    void fixedKAndDeterminism() {
        int[] truth = new int[1_500];
        double[][] rows = rfm(1_500, 5, truth);
        Segmentation.Options options = Segmentation.Options.defaults().withK(4).withSeed(7);

        Segmentation.Result first = Segmentation.run(rows, Feature.standard("recencyDays", "frequency", "monetary"), options);
        Segmentation.Result second = Segmentation.run(rows, Feature.standard("recencyDays", "frequency", "monetary"), options);

        assertThat(first.k()).isEqualTo(4);
        assertThat(first.scores()).isEmpty();
        assertThat(second).isEqualTo(first);
        assertThat(first.model().provenance().options().seed()).isEqualTo(7);
    }

    @Test
    void refusesTooFewRowsOrMismatchedFeatures() {
        double[][] rows = {{1, 2}, {3, 4}};
        assertThatIllegalArgumentException().isThrownBy(() -> Segmentation.run(rows, "a", "b"));
        assertThatIllegalArgumentException().isThrownBy(() -> Segmentation.run(rows, "a"));
        assertThatIllegalArgumentException().isThrownBy(() -> Segmentation.Options.defaults().withK(-1));
        assertThat(Segmentation.run(new double[][] {{1}, {2}, {10}, {11}}, List.of(Feature.standard("a")),
                Segmentation.Options.defaults()).k()).isEqualTo(2);
    }
}
