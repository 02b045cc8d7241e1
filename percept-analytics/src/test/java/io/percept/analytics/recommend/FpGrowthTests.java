package io.percept.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FpGrowthTests {

    /** Random small baskets over 10 items with skewed item probabilities, some empty, some with repeats. */
    static int[][] randomBaskets(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] baskets = new int[count][];
        for (int b = 0; b < count; b++) {
            int size = random.nextInt(7);
            baskets[b] = new int[size];
            for (int k = 0; k < size; k++) {
                // item i with weight about 1/(i+1): 0 common, 9 rare
                baskets[b][k] = (int) Math.min(9, Math.floor(Math.pow(10, random.nextDouble()) * 1.1) - 1);
            }
        }
        return baskets;
    }

    /** Every itemset of 1 to maxSize of the 10 items with its support count, by enumeration. */
    static Set<FpGrowth.Itemset> bruteForce(int[][] baskets, int minCount, int maxSize) {
        int[] masks = new int[baskets.length];
        for (int b = 0; b < baskets.length; b++) {
            for (int item : baskets[b]) {
                masks[b] |= 1 << item;
            }
        }
        Set<FpGrowth.Itemset> frequent = new HashSet<>();
        for (int set = 1; set < 1 << 10; set++) {
            if (Integer.bitCount(set) > maxSize) {
                continue;
            }
            int count = 0;
            for (int mask : masks) {
                if ((mask & set) == set) {
                    count++;
                }
            }
            if (count >= minCount) {
                int[] items = new int[Integer.bitCount(set)];
                for (int i = 0, k = 0; i < 10; i++) {
                    if ((set & (1 << i)) != 0) {
                        items[k++] = i;
                    }
                }
                frequent.add(new FpGrowth.Itemset(items, count));
            }
        }
        return frequent;
    }

    @Test
    void equalsBruteForceEnumerationOnRandomBaskets() {
        for (long seed = 1; seed <= 12; seed++) {
            int[][] baskets = randomBaskets(seed, 50 + (int) seed * 20);
            int minCount = 1 + (int) (seed % 5);
            int maxSize = 1 + (int) (seed % 5);
            FpGrowth.Result result = FpGrowth.mine(baskets, FpGrowth.Options.ofCount(minCount, maxSize));
            Set<FpGrowth.Itemset> expected = bruteForce(baskets, minCount, maxSize);
            assertThat(result.itemsets()).as("seed %d", seed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(expected.size()).isGreaterThan(5);
        }
    }

    @Test
    void fractionOfBasketsAndOrder() {
        int[][] baskets = randomBaskets(99, 200);
        FpGrowth.Result result = FpGrowth.mine(baskets, FpGrowth.Options.ofFraction(0.05, 3));
        assertThat(result.minCount()).isEqualTo(10);
        assertThat(result.itemsets()).containsExactlyInAnyOrderElementsOf(bruteForce(baskets, 10, 3));
        for (int k = 1; k < result.itemsets().size(); k++) {
            assertThat(result.itemsets().get(k).count()).isLessThanOrEqualTo(result.itemsets().get(k - 1).count());
        }
        FpGrowth.Itemset pair = result.itemsets().stream().filter(s -> s.size() == 2).findFirst().orElseThrow();
        assertThat(result.count(pair.items()[1], pair.items()[0])).isEqualTo(pair.count());
        assertThat(result.support(pair.items())).isEqualTo(pair.count() / 200.0);
        assertThat(result.count()).isEqualTo(200);
        assertThat(FpGrowth.mine(baskets, FpGrowth.Options.ofFraction(0.05, 3)).itemsets()).isEqualTo(result.itemsets());
    }

    @Test
    void handlesEmptyInput() {
        assertThat(FpGrowth.mine(new int[0][], FpGrowth.Options.ofCount(1, 3)).itemsets()).isEmpty();
        assertThat(FpGrowth.mine(new int[][] {{}, {}}, FpGrowth.Options.ofCount(1, 3)).itemsets()).isEmpty();
        assertThatThrownBy(() -> FpGrowth.Options.ofCount(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FpGrowth.mine(new int[][] {{-1}}, FpGrowth.Options.ofCount(1, 3))).isInstanceOf(IllegalArgumentException.class);
    }
}
