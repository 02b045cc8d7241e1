package io.percept.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemSimilarityTests {

    static final int CLUSTERS = 10;
    static final int CLUSTER_SIZE = 20;
    static final int ITEMS = CLUSTERS * CLUSTER_SIZE;

    /** Users who each buy 5 items of one cluster (planted co-purchase structure) and 1 item at random. */
    static Interactions clusteredPurchases(int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Interactions.Builder builder = new Interactions.Builder(users, ITEMS);
        for (int u = 0; u < users; u++) {
            int cluster = random.nextInt(CLUSTERS);
            for (int k = 0; k < 5; k++) {
                builder.add(u, cluster * CLUSTER_SIZE + random.nextInt(CLUSTER_SIZE), 1f);
            }
            builder.add(u, random.nextInt(ITEMS), 1f);
        }
        return builder.build();
    }

    @Test
    void handComputedCosineAndShrinkage() {
        // u0 {0, 1}, u1 {0, 1}, u2 {0, 2}
        Interactions data = new Interactions.Builder(3, 3).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, 1).add(2, 0, 1).add(2, 2, 1).build();
        ItemSimilarity.Model plain = ItemSimilarity.fit(data, new ItemSimilarity.Options(10, ItemSimilarity.Weighting.BINARY, 0.5, 0, 100));
        assertThat(plain.similarity(0, 1)).isCloseTo((float) (2 / (Math.sqrt(3) * Math.sqrt(2))), within(1e-6f));
        assertThat(plain.similarity(0, 2)).isCloseTo((float) (1 / Math.sqrt(3)), within(1e-6f));
        assertThat(plain.similarity(1, 2)).isZero();
        assertThat(plain.neighboursOf(0)).containsExactly(1, 2);
        assertThat(plain.popularity()).containsExactly(3, 2, 1);

        ItemSimilarity.Model shrunk = ItemSimilarity.fit(data, new ItemSimilarity.Options(10, ItemSimilarity.Weighting.BINARY, 0.5, 1, 100));
        assertThat(shrunk.similarity(0, 1)).isCloseTo((float) (2 / (Math.sqrt(3) * Math.sqrt(2)) * 2 / 3), within(1e-6f));
        assertThat(shrunk.similarity(0, 2)).isCloseTo((float) (1 / Math.sqrt(3) / 2), within(1e-6f));

        // α = 1 divides by the candidate's squared norm (its buyers) only: the popular item 0 is damped as a candidate
        ItemSimilarity.Model damped = ItemSimilarity.fit(data, new ItemSimilarity.Options(10, ItemSimilarity.Weighting.BINARY, 1, 0, 100));
        assertThat(damped.similarity(1, 0)).isCloseTo(2f / 3, within(1e-6f));
        assertThat(damped.similarity(0, 1)).isCloseTo(2f / 2, within(1e-6f));
    }

    @Test
    void weightingAndRepeats() {
        // the same pair bought 3 times (weight 1 each) and viewed once (0.5): one entry of 3.5
        Interactions data = new Interactions.Builder(2, 2).add(0, 1, 1).add(0, 1, 1).add(0, 0, 0.5f).add(0, 1, 1).add(1, 0, 1).build();
        assertThat(data.items()).containsExactly(0, 1, 0);
        assertThat(data.weights()).containsExactly(0.5f, 3f, 1f);
        ItemSimilarity.Model log = ItemSimilarity.fit(data, new ItemSimilarity.Options(5, ItemSimilarity.Weighting.LOG, 0.5, 0, 100));
        double x0 = Math.log1p(0.5);
        double x1 = Math.log1p(3);
        double norm0 = Math.sqrt(x0 * x0 + Math.log1p(1) * Math.log1p(1));
        assertThat(log.similarity(0, 1)).isCloseTo((float) (x0 * x1 / (norm0 * x1)), within(1e-6f));
    }

    @Test
    void recoversPlantedCoPurchaseClusters() {
        ItemSimilarity.Model model = ItemSimilarity.fit(clusteredPurchases(4000, 7), new ItemSimilarity.Options(10,
                ItemSimilarity.Weighting.BINARY, 0.5, 2, 100));
        int same = 0;
        int total = 0;
        for (int i = 0; i < ITEMS; i++) {
            for (int j : model.neighboursOf(i)) {
                total++;
                if (j / CLUSTER_SIZE == i / CLUSTER_SIZE) {
                    same++;
                }
            }
        }
        assertThat(total).isEqualTo(ITEMS * 10);
        assertThat((double) same / total).isGreaterThan(0.97);
    }

    @Test
    void capsLongRowsToTheirHeaviestItems() {
        Interactions data = new Interactions.Builder(1, 4).add(0, 0, 1).add(0, 1, 5).add(0, 2, 3).add(0, 3, 5).build();
        ItemSimilarity.Model model = ItemSimilarity.fit(data, new ItemSimilarity.Options(5, ItemSimilarity.Weighting.RAW, 0.5, 0, 2));
        assertThat(model.popularity()).containsExactly(1, 1, 1, 1);
        assertThat(model.neighboursOf(0)).isEmpty();
        assertThat(model.neighboursOf(1)).containsExactly(3);
    }

    @Test
    void isDeterministicAndRoundTrips() {
        Interactions data = clusteredPurchases(1000, 3);
        ItemSimilarity.Model model = ItemSimilarity.fit(data, ItemSimilarity.Options.defaults());
        assertThat(ItemSimilarity.fit(data, ItemSimilarity.Options.defaults())).isEqualTo(model);
        assertThat(ItemSimilarity.Model.fromBytes(model.toBytes())).isEqualTo(model);
        assertThat(model.provenance().fingerprint()).isNotEqualTo(ItemSimilarity.fit(clusteredPurchases(1000, 4),
                ItemSimilarity.Options.defaults()).provenance().fingerprint());
    }

    @Test
    void validatesOptions() {
        assertThatThrownBy(() -> new ItemSimilarity.Options(0, ItemSimilarity.Weighting.LOG, 0.5, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemSimilarity.Options(5, ItemSimilarity.Weighting.LOG, 1.5, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemSimilarity.Options(5, ItemSimilarity.Weighting.LOG, 0.5, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interactions.Builder(2, 2).add(0, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interactions.Builder(2, 2).add(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
