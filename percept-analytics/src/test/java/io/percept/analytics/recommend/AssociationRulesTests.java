package io.percept.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssociationRulesTests {

    /** 10 baskets: {1, 2} × 4, {1} × 2, {2} × 2, {3} × 2. */
    static int[][] handBaskets() {
        List<int[]> baskets = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            baskets.add(new int[] {1, 2});
        }
        for (int k = 0; k < 2; k++) {
            baskets.add(new int[] {1});
            baskets.add(new int[] {2});
            baskets.add(new int[] {3});
        }
        return baskets.toArray(int[][]::new);
    }

    @Test
    void handCheckedMetrics() {
        FpGrowth.Result frequent = FpGrowth.mine(handBaskets(), FpGrowth.Options.ofCount(2, 3));
        List<AssociationRules.Rule> rules = AssociationRules.rules(frequent, new AssociationRules.Options(0, 0, 2));
        assertThat(rules).hasSize(2);
        AssociationRules.Rule first = rules.get(0);
        assertThat(first.antecedent()).containsExactly(1);
        assertThat(first.consequent()).containsExactly(2);
        assertThat(rules.get(1).antecedent()).containsExactly(2);
        assertThat(first.count()).isEqualTo(4);
        assertThat(first.support()).isCloseTo(0.4, within(1e-12));
        assertThat(first.confidence()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(first.lift()).isCloseTo((4.0 / 6) / 0.6, within(1e-12));
        assertThat(first.leverage()).isCloseTo(0.4 - 0.36, within(1e-12));
        assertThat(first.conviction()).isCloseTo(0.4 / (1 - 4.0 / 6), within(1e-12));

        assertThat(AssociationRules.rules(frequent, new AssociationRules.Options(0.7, 0, 2))).isEmpty();
        assertThat(AssociationRules.rules(frequent, new AssociationRules.Options(0, 1.2, 2))).isEmpty();

        List<AssociationRules.Bundle> bundles = AssociationRules.bundles(frequent, 2, 1);
        assertThat(bundles).hasSize(1);
        assertThat(bundles.get(0).items()).containsExactly(1, 2);
        assertThat(bundles.get(0).lift()).isCloseTo(0.4 / 0.36, within(1e-12));
    }

    @Test
    void plantedTripleGivesTheStrongestRulesAndAllMetricsAreConsistent() {
        int[][] random = FpGrowthTests.randomBaskets(5, 400);
        int[][] baskets = new int[random.length][];
        for (int b = 0; b < random.length; b++) {
            // every fifth basket also holds the rare items 10, 11 and 12 together
            baskets[b] = b % 5 == 0 ? concat(random[b], new int[] {10, 11, 12}) : random[b];
        }
        FpGrowth.Result frequent = FpGrowth.mine(baskets, FpGrowth.Options.ofCount(10, 3));
        List<AssociationRules.Rule> rules = AssociationRules.rules(frequent, new AssociationRules.Options(0.1, 0, 2));
        AssociationRules.Rule best = rules.get(0);
        assertThat(best.lift()).isCloseTo(5, within(1e-9));
        assertThat(best.confidence()).isEqualTo(1);
        assertThat(best.conviction()).isInfinite();
        for (AssociationRules.Rule rule : rules) {
            int[] all = concat(rule.antecedent(), rule.consequent());
            double n = frequent.baskets();
            assertThat(rule.count()).isEqualTo(frequent.count(all));
            assertThat(rule.confidence()).isCloseTo(frequent.count(all) / (double) frequent.count(rule.antecedent()), within(1e-12));
            assertThat(rule.lift()).isCloseTo(rule.confidence() / (frequent.count(rule.consequent()) / n), within(1e-9));
            assertThat(rule.confidence()).isBetween(0.1, 1.0);
        }
        for (int k = 1; k < rules.size(); k++) {
            assertThat(rules.get(k).lift()).isLessThanOrEqualTo(rules.get(k - 1).lift());
        }
        assertThat(AssociationRules.bundles(frequent, 3, 1).get(0).items()).containsExactly(10, 11, 12);
        assertThat(AssociationRules.bundles(frequent, 3, 1).get(0).lift()).isCloseTo(25, within(1e-9));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
