package io.percept.analytics.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Association rules X → Y from {@link FpGrowth}'s frequent itemsets (Agrawal, Imieliński and Swami,
 * SIGMOD 1993), and bundles (itemsets bought together more than chance predicts). With s(·) the
 * support (share of baskets containing the items):
 * <ul>
 *   <li>support s(X ∪ Y); confidence c = s(X ∪ Y) / s(X);</li>
 *   <li>lift = c / s(Y) (1: independent; above 1: bought together more than chance);</li>
 *   <li>leverage = s(X ∪ Y) − s(X) · s(Y) (Piatetsky-Shapiro 1991);</li>
 *   <li>conviction = (1 − s(Y)) / (1 − c), infinite when c = 1 (Brin et al. 1997).</li>
 * </ul>
 * Every split of every frequent itemset of at least two items into a non-empty antecedent and
 * consequent is a candidate. Rules are sorted by lift, then confidence, then support count, then by
 * antecedent and consequent items, so the order is deterministic. Pure.
 */
public final class AssociationRules {

    private AssociationRules() {
    }

    /**
     * @param minConfidence  the least confidence, in [0, 1]
     * @param minLift        the least lift (0 or more; 1 keeps only positive association)
     * @param maxConsequent  the most items on the right-hand side (at least 1)
     */
    public record Options(double minConfidence, double minLift, int maxConsequent) {

        public Options {
            if (!(minConfidence >= 0 && minConfidence <= 1)) {
                throw new IllegalArgumentException("minConfidence must be in [0, 1], was " + minConfidence);
            }
            if (!(minLift >= 0) || Double.isInfinite(minLift)) {
                throw new IllegalArgumentException("minLift must be finite and 0 or more, was " + minLift);
            }
            if (maxConsequent < 1) {
                throw new IllegalArgumentException("maxConsequent must be at least 1, was " + maxConsequent);
            }
        }
    }

    /**
     * A rule antecedent → consequent.
     *
     * @param antecedent X, ascending
     * @param consequent Y, ascending
     * @param count      baskets containing X ∪ Y
     * @param support    s(X ∪ Y)
     * @param confidence s(X ∪ Y) / s(X)
     * @param lift       confidence / s(Y)
     * @param leverage   s(X ∪ Y) − s(X) s(Y)
     * @param conviction (1 − s(Y)) / (1 − confidence); positive infinity when confidence is 1
     */
    public record Rule(int[] antecedent, int[] consequent, int count, double support, double confidence, double lift,
            double leverage, double conviction) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Rule that && Arrays.equals(antecedent, that.antecedent) && Arrays.equals(consequent, that.consequent)
                    && count == that.count;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(antecedent) + Arrays.hashCode(consequent);
        }

        @Override
        public String toString() {
            return Arrays.toString(antecedent) + " → " + Arrays.toString(consequent) + String.format(java.util.Locale.ROOT,
                    " (n=%d, support=%.4f, confidence=%.3f, lift=%.2f)", count, support, confidence, lift);
        }
    }

    /**
     * A bundle: items bought together.
     *
     * @param items   the items, ascending
     * @param count   baskets containing all of them
     * @param support their support
     * @param lift    s(items) / Π s(item), the ratio to what independent purchases would give
     */
    public record Bundle(int[] items, int count, double support, double lift) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Bundle that && Arrays.equals(items, that.items) && count == that.count;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(items);
        }
    }

    /** The rules of {@code frequent} meeting {@code options}, best lift first. */
    public static List<Rule> rules(FpGrowth.Result frequent, Options options) {
        double n = frequent.baskets();
        List<Rule> rules = new ArrayList<>();
        for (FpGrowth.Itemset set : frequent.itemsets()) {
            int k = set.size();
            if (k < 2) {
                continue;
            }
            int[] items = set.items();
            double sxy = set.count() / n;
            for (long mask = 1; mask < (1L << k) - 1; mask++) {
                int consequentSize = k - Long.bitCount(mask);
                if (consequentSize > options.maxConsequent()) {
                    continue;
                }
                int[] x = new int[Long.bitCount(mask)];
                int[] y = new int[consequentSize];
                for (int b = 0, xi = 0, yi = 0; b < k; b++) {
                    if ((mask & (1L << b)) != 0) {
                        x[xi++] = items[b];
                    } else {
                        y[yi++] = items[b];
                    }
                }
                double sx = frequent.count(x) / n;
                double sy = frequent.count(y) / n;
                double confidence = sxy / sx;
                double lift = confidence / sy;
                if (confidence < options.minConfidence() || lift < options.minLift()) {
                    continue;
                }
                double conviction = confidence >= 1 ? Double.POSITIVE_INFINITY : (1 - sy) / (1 - confidence);
                rules.add(new Rule(x, y, set.count(), sxy, confidence, lift, sxy - sx * sy, conviction));
            }
        }
        rules.sort(Comparator.comparingDouble(Rule::lift).reversed().thenComparing(Comparator.comparingDouble(Rule::confidence).reversed())
                .thenComparing(Comparator.comparingInt(Rule::count).reversed()).thenComparing(Rule::antecedent, Arrays::compare)
                .thenComparing(Rule::consequent, Arrays::compare));
        return rules;
    }

    /** Frequent itemsets of {@code minSize} or more items with lift at least {@code minLift}, best lift first. */
    public static List<Bundle> bundles(FpGrowth.Result frequent, int minSize, double minLift) {
        if (minSize < 2) {
            throw new IllegalArgumentException("minSize must be at least 2, was " + minSize);
        }
        double n = frequent.baskets();
        List<Bundle> bundles = new ArrayList<>();
        for (FpGrowth.Itemset set : frequent.itemsets()) {
            if (set.size() < minSize) {
                continue;
            }
            double support = set.count() / n;
            double independent = 1;
            for (int item : set.items()) {
                independent *= frequent.count(item) / n;
            }
            double lift = support / independent;
            if (lift >= minLift) {
                bundles.add(new Bundle(set.items(), set.count(), support, lift));
            }
        }
        bundles.sort(Comparator.comparingDouble(Bundle::lift).reversed().thenComparing(Comparator.comparingInt(Bundle::count).reversed())
                .thenComparing(Bundle::items, Arrays::compare));
        return bundles;
    }
}
