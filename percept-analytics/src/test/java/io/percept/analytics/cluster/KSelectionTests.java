package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KSelectionTests {

    @Test
    void silhouettePicksTheSeededNumberOfClusters() {
        Blobs blobs = Blobs.fourSeparated(6_000, 2);

        KSelection.Result result = KSelection.select(blobs.data(), KSelection.Options.defaults().withRange(2, 8));

        assertThat(result.k()).isEqualTo(4);
        assertThat(result.scores()).extracting(KSelection.Score::k).containsExactly(2, 3, 4, 5, 6, 7, 8);
        double best = result.scores().get(2).silhouette();
        assertThat(result.scores()).allSatisfy(score -> assertThat(score.silhouette()).isLessThanOrEqualTo(best));
        assertThat(best).isGreaterThan(0.6);
        assertThat(result.sampleSize()).isEqualTo(4_000);
        assertThat(result.fitRows()).isEqualTo(6_000);
        assertThat(Agreement.adjustedRandIndex(result.model().assignments(), blobs.truth())).isGreaterThan(0.95);
    }

    @Test
    void candidatesFittedOnASampleStillFindTheClustersOfAllRows() {
        Blobs blobs = Blobs.of(20_000, 5, 6, 10, 31);

        KSelection.Result result = KSelection.select(blobs.data(),
                new KSelection.Options(2, 8, 1_000, 2_000, KMeans.Options.defaults(2)));

        assertThat(result.k()).isEqualTo(5);
        assertThat(result.fitRows()).isEqualTo(2_000);
        assertThat(result.model().assignments()).hasSize(20_000);
        assertThat(result.model().provenance().rows()).isEqualTo(20_000);
        assertThat(Agreement.adjustedRandIndex(result.model().assignments(), blobs.truth())).isGreaterThan(0.95);
    }

    @Test
    void picksTheSeededKAmongRandomBlobs() {
        for (int k = 3; k <= 6; k++) {
            Blobs blobs = Blobs.of(3_000, k, 6, 12, 100 + k);

            KSelection.Result result = KSelection.select(blobs.data(),
                    new KSelection.Options(2, 9, 1_000, KMeans.Options.defaults(2).withRestarts(3)));

            assertThat(result.k()).as("planted k %d", k).isEqualTo(k);
            assertThat(Agreement.adjustedRandIndex(result.model().assignments(), blobs.truth())).isGreaterThan(0.95);
        }
    }

    @Test
    void isDeterministic() {
        Blobs blobs = Blobs.of(2_000, 5, 4, 6, 8);
        KSelection.Options options = KSelection.Options.defaults().withRange(2, 7);

        KSelection.Result first = KSelection.select(blobs.data(), options);
        KSelection.Result second = KSelection.select(blobs.data(), options);

        assertThat(second.scores()).isEqualTo(first.scores());
        assertThat(second.model()).isEqualTo(first.model());
    }

    @Test
    void exactSilhouetteOfASmallExample() {
        // 1-D points 0, 1, 10, 11 in two clusters: a = 1 for each; b = 10.5, 9.5, 9.5, 10.5
        Matrix data = Matrix.of(new double[][] {{0}, {1}, {10}, {11}});

        double silhouette = Silhouette.exact(data, new int[] {0, 0, 1, 1}, 2);

        assertThat(silhouette).isCloseTo(((1 - 1 / 10.5) + (1 - 1 / 9.5)) / 2, within(1e-12));
        assertThat(Silhouette.exact(data, new int[] {0, 0, 0, 0}, 1)).isNaN();
        // a singleton cluster counts 0
        assertThat(Silhouette.exact(data, new int[] {0, 1, 1, 1}, 2)).isLessThan(silhouette);
    }

    @Test
    void sampledSilhouetteIsCloseToTheExactOne() {
        Blobs blobs = Blobs.of(4_000, 5, 3, 4, 21);
        KMeans.Model model = KMeans.fit(blobs.data(), KMeans.Options.defaults(5));

        double exact = Silhouette.exact(blobs.data(), model.assignments(), 5);
        double sampled = Silhouette.sampled(blobs.data(), model.assignments(), 5, 1_000, 3);

        assertThat(sampled).isCloseTo(exact, within(0.03));
        assertThat(Silhouette.sample(4_000, 1_000, 3)).hasSize(1_000).isSorted().doesNotHaveDuplicates();
        assertThat(Silhouette.sample(10, 1_000, 3)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void refusesBadOptions() {
        KMeans.Options kmeans = KMeans.Options.defaults(2);
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(1, 5, 1_000, kmeans));
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(5, 4, 1_000, kmeans));
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(2, 101, 1_000, kmeans));
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(2, 5, 5, kmeans));
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(2, 5, 100_000, kmeans));
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(2, 5, 1_000, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new KSelection.Options(2, 5, 1_000, 999, kmeans));
        Matrix five = KMeansTests.uniform(5, 2, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> KSelection.select(five, new KSelection.Options(2, 5, 1_000, kmeans)))
                .withMessageContaining("less than the number of rows");
    }
}
