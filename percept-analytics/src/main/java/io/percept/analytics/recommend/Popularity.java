package io.percept.analytics.recommend;

import java.util.Arrays;

/**
 * Popularity orders and recency-weighted popularity, the non-personalised signals a
 * {@link Recommender} falls back on or blends in.
 */
public final class Popularity {

    private Popularity() {
    }

    /** The item ids by {@code counts}, highest first, ties by the lower id. */
    public static int[] order(int[] counts) {
        long[] keyed = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            keyed[i] = ((long) (Integer.MAX_VALUE - counts[i]) << 32) | i;
        }
        Arrays.sort(keyed);
        int[] order = new int[counts.length];
        for (int k = 0; k < counts.length; k++) {
            order[k] = (int) keyed[k];
        }
        return order;
    }

    /**
     * Recency-weighted popularity: each event (e.g. an item on an invoice) adds 0.5<sup>age / halfLife</sup>
     * to its item, so an item's figure is roughly its recent sales rate ("what sells now", e.g. the
     * Christmas range in November) rather than its all-time count.
     *
     * @param itemCount    the number of items (ids in {@code [0, itemCount)})
     * @param items        the item of each event
     * @param ageDays      each event's age in days at the time the figure is for (0 or more)
     * @param halfLifeDays the age at which an event counts half (positive)
     * @return each item's summed weight
     */
    public static float[] recent(int itemCount, int[] items, double[] ageDays, double halfLifeDays) {
        if (items.length != ageDays.length) {
            throw new IllegalArgumentException("one age per event: " + items.length + " items, " + ageDays.length + " ages");
        }
        if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
            throw new IllegalArgumentException("halfLifeDays must be positive and finite, was " + halfLifeDays);
        }
        double[] sum = new double[itemCount];
        for (int e = 0; e < items.length; e++) {
            if (!(ageDays[e] >= 0)) {
                throw new IllegalArgumentException("ages must be 0 or more, was " + ageDays[e]);
            }
            sum[items[e]] += Math.pow(0.5, ageDays[e] / halfLifeDays);
        }
        float[] recent = new float[itemCount];
        for (int i = 0; i < itemCount; i++) {
            recent[i] = (float) sum[i];
        }
        return recent;
    }
}
