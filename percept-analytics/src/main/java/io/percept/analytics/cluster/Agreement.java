package io.percept.analytics.cluster;

import java.util.HashMap;
import java.util.Map;

/** How far two partitions of the same points agree, whatever their labels are called. */
public final class Agreement {

    private Agreement() {
    }

    /**
     * The adjusted Rand index (Hubert and Arabie, "Comparing partitions", J. Classification 2, 1985):
     * the Rand index (the share of pairs of points both partitions put together or both put apart)
     * corrected for chance, 1 for identical partitions up to renaming, about 0 for independent ones.
     * Two partitions that each put all points in one cluster agree perfectly (1).
     *
     * @throws IllegalArgumentException if the labellings differ in length or are empty
     */
    public static double adjustedRandIndex(int[] a, int[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("two labellings of the same, non-zero number of points are needed, had " + a.length + " and " + b.length);
        }
        Map<Long, long[]> cells = new HashMap<>();
        Map<Integer, long[]> rows = new HashMap<>();
        Map<Integer, long[]> columns = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.computeIfAbsent(((long) a[i] << 32) | (b[i] & 0xFFFFFFFFL), key -> new long[1])[0]++;
            rows.computeIfAbsent(a[i], key -> new long[1])[0]++;
            columns.computeIfAbsent(b[i], key -> new long[1])[0]++;
        }
        double index = 0;
        for (long[] count : cells.values()) {
            index += pairs(count[0]);
        }
        double sumRows = 0;
        for (long[] count : rows.values()) {
            sumRows += pairs(count[0]);
        }
        double sumColumns = 0;
        for (long[] count : columns.values()) {
            sumColumns += pairs(count[0]);
        }
        double expected = sumRows * sumColumns / pairs(a.length);
        double maximum = (sumRows + sumColumns) / 2;
        if (maximum == expected) {
            return 1;
        }
        return (index - expected) / (maximum - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }
}
