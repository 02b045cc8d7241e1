package io.percept.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecommenderTests {

    private final ItemSimilarity.Model clustered = ItemSimilarity.fit(ItemSimilarityTests.clusteredPurchases(4000, 11),
            new ItemSimilarity.Options(20, ItemSimilarity.Weighting.BINARY, 0.5, 2, 100));

    @Test
    void recommendsTheHistorysClusterAndExcludesWhatWasBought() {
        recommendsClusterTwoFromThreeOfItsItems(clustered);
    }

    /** A history of three items of planted cluster 2 gets ten other items of cluster 2, best first. */
    static void recommendsClusterTwoFromThreeOfItsItems(ItemNeighbours model) {
        Recommender recommender = new Recommender(model, Recommender.Options.excludingHistory());
        int[] history = {40, 45, 51};
        Recommender.Recommendations top = recommender.recommend(history, new float[] {1, 1, 1}, 10);
        assertThat(top.items()).hasSize(10).doesNotContain(history);
        assertThat(top.personalised()).isEqualTo(10);
        assertThat(Arrays.stream(top.items()).filter(i -> i / ItemSimilarityTests.CLUSTER_SIZE == 2).count()).isEqualTo(10);
        for (int k = 1; k < 10; k++) {
            assertThat(top.scores()[k]).isLessThanOrEqualTo(top.scores()[k - 1]);
        }
    }

    @Test
    void weightsSteerTowardsTheHeavierHistory() {
        Recommender recommender = new Recommender(clustered, Recommender.Options.excludingHistory());
        Recommender.Recommendations top = recommender.recommend(new int[] {20, 100}, new float[] {0.1f, 1f}, 5);
        assertThat(Arrays.stream(top.items()).allMatch(i -> i / ItemSimilarityTests.CLUSTER_SIZE == 5)).isTrue();
    }

    @Test
    void fallsBackToPopularityForAnEmptyOrThinHistory() {
        // items 0..3; item 3 has no neighbours (bought alone), popularity 0 > 1 > 2 > 3
        Interactions data = new Interactions.Builder(6, 5).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, 1).add(2, 0, 1).add(2, 2, 1)
                .add(3, 0, 1).add(4, 3, 1).build();
        ItemSimilarity.Model model = ItemSimilarity.fit(data, ItemSimilarity.Options.defaults());
        Recommender recommender = new Recommender(model, Recommender.Options.excludingHistory());
        Recommender.Recommendations empty = recommender.recommend(new int[0], new float[0], 3);
        assertThat(empty.items()).containsExactly(0, 1, 2);
        assertThat(empty.personalised()).isZero();

        Recommender.Recommendations lonely = recommender.recommend(new int[] {3}, new float[] {1}, 10);
        assertThat(lonely.items()).containsExactly(0, 1, 2, 4);
        assertThat(lonely.personalised()).isZero();

        // item 2's only neighbour is 0; the rest is popularity, never repeating 0 nor recommending 2
        Recommender.Recommendations thin = recommender.recommend(new int[] {2}, new float[] {1}, 3);
        assertThat(thin.items()).containsExactly(0, 1, 3);
        assertThat(thin.personalised()).isEqualTo(1);

        int[] out = new int[3];
        assertThat(recommender.popular(new int[] {0}, 3, out)).isEqualTo(3);
        assertThat(out).containsExactly(1, 2, 3);
    }

    @Test
    void repeatsAreAllowedWhenAsked() {
        Recommender repeats = new Recommender(clustered, Recommender.Options.allowingRepeats(10f));
        Recommender.Recommendations top = repeats.recommend(new int[] {40, 45}, new float[] {1, 2}, 5);
        assertThat(top.items()[0]).isEqualTo(45);
        assertThat(top.items()[1]).isEqualTo(40);
        int[] out = new int[3];
        repeats.popular(new int[] {clustered.popularityOrder()[0]}, 3, out);
        assertThat(out).containsExactly(Arrays.copyOf(clustered.popularityOrder(), 3));
    }

    @Test
    void allocationFreeFormAgreesAndIsRepeatable() {
        Recommender recommender = new Recommender(clustered, Recommender.Options.excludingHistory());
        int[] history = {7, 8, 130};
        float[] weights = {1, 0.5f, 0.25f};
        Recommender.Recommendations first = recommender.recommend(history, weights, 10);
        int[] out = new int[10];
        float[] scores = new float[10];
        for (int round = 0; round < 3; round++) {
            recommender.recommend(new int[] {round}, new float[] {1}, 10);
            assertThat(recommender.recommendInto(history, weights, 10, out, scores)).isEqualTo(10);
            assertThat(out).containsExactly(first.items());
            assertThat(scores).containsExactly(first.scores());
        }
        int[] padded = {99, 7, 8, 130, 98};
        float[] paddedWeights = {5, 1, 0.5f, 0.25f, 5};
        assertThat(recommender.recommendInto(padded, paddedWeights, 1, 4, 10, out, scores)).isEqualTo(10);
        assertThat(out).containsExactly(first.items());
        assertThat(new Recommender(clustered, Recommender.Options.excludingHistory()).recommend(history, weights, 10).items())
                .containsExactly(first.items());
    }

    @Test
    void aTrendBlendsInAndFillsAnEmptyHistory() {
        // items 0..3 with neighbours 0 → 1 (sim 2) and 0 → 2 (sim 1); item 3 trends, popularity 0 > 1 > 2 > 3
        Interactions data = new Interactions.Builder(6, 5).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, 1).add(2, 0, 1).add(2, 2, 1)
                .add(3, 0, 1).add(4, 3, 1).build();
        ItemSimilarity.Model model = ItemSimilarity.fit(data, new ItemSimilarity.Options(10, ItemSimilarity.Weighting.BINARY, 0.5, 0, 100));
        float[] trend = {0f, 0f, 0f, 4f, 1f};
        float s01 = model.similarity(0, 1);
        float s02 = model.similarity(0, 2);
        assertThat(s01).isGreaterThan(s02);

        // γ = 0.5: item 1 scores 1, item 2 scores s02 / s01 ≈ 0.71, item 3 scores 0.5, item 4 0.125
        Recommender light = new Recommender(model, Recommender.Options.excludingHistory().withTrend(0.5f), trend);
        Recommender.Recommendations top = light.recommend(new int[] {0}, new float[] {1}, 4);
        assertThat(top.items()).containsExactly(1, 2, 3, 4);
        assertThat(top.scores()[1]).isCloseTo(s02 / s01, within(1e-6f));
        assertThat(top.scores()[2]).isCloseTo(0.5f, within(1e-6f));

        // γ = 2: the trending item 3 (score 2) outranks both personal candidates; item 4 (0.5) stays below item 2 (≈ 0.71)
        Recommender heavy = new Recommender(model, Recommender.Options.excludingHistory().withTrend(2f), trend);
        assertThat(heavy.recommend(new int[] {0}, new float[] {1}, 4).items()).containsExactly(3, 1, 2, 4);
        // an empty history ranks by the trend, then fills from popularity; history items stay excluded
        Recommender.Recommendations empty = heavy.recommend(new int[0], new float[0], 3);
        assertThat(empty.items()).containsExactly(3, 4, 0);
        assertThat(empty.personalised()).isEqualTo(2);
        assertThat(heavy.recommend(new int[] {3}, new float[] {1}, 2).items()).containsExactly(4, 0);

        // γ = 0 is the plain recommender
        assertThat(new Recommender(model, Recommender.Options.excludingHistory(), trend).recommend(new int[] {0}, new float[] {1}, 4).items())
                .containsExactly(new Recommender(model, Recommender.Options.excludingHistory()).recommend(new int[] {0}, new float[] {1}, 4).items());
        assertThatThrownBy(() -> new Recommender(model, Recommender.Options.excludingHistory().withTrend(1f), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Recommender(model, Recommender.Options.excludingHistory().withTrend(1f), new float[] {1, -1, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recentPopularityHalvesPerHalfLife() {
        float[] recent = Popularity.recent(3, new int[] {0, 0, 1, 1, 1}, new double[] {0, 30, 60, 60, 0}, 30);
        assertThat(recent[0]).isCloseTo(1.5f, within(1e-6f));
        assertThat(recent[1]).isCloseTo(1.5f, within(1e-6f));
        assertThat(recent[2]).isZero();
        assertThat(Popularity.order(new int[] {2, 5, 5, 0})).containsExactly(1, 2, 0, 3);
        assertThatThrownBy(() -> Popularity.recent(3, new int[] {0}, new double[] {-1}, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Popularity.recent(3, new int[] {0}, new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
