package io.percept.prediction;

import io.percept.analytics.propensity.Schema;
import io.percept.analytics.propensity.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The order history grouped by customer (the profiles with at least one order), each customer's
 * orders sorted by time, and the features of a customer as they stood at any moment: what the
 * propensity models learn from (features at a cut-off, outcome after it) and score with (features
 * now). Days are counted in the business zone's offset. Not thread-safe.
 */
final class CustomerHistory {

    static final long DAY_MICROS = 86_400_000_000L;
    /** Features at a moment, numeric ones first, then region and channel of the last order. */
    static final List<String> NUMERIC = List.of("recencyDays", "frequency", "monetary", "averageOrderValue", "tenureDays", "orders90d",
            "spend90d", "categories", "targetCategoryShare");

    final Purchases purchases;
    /** Customer index to profile id, ascending. */
    final long[] profiles;
    /** Each order's customer index. */
    final int[] customerOf;
    /** Customer c's orders are {@code ordered[start[c]]} to {@code ordered[start[c + 1] - 1]}, oldest first. */
    final int[] start;
    final int[] ordered;
    private final long offsetMicros;

    CustomerHistory(Purchases purchases, long offsetMicros) {
        this.purchases = purchases;
        this.offsetMicros = offsetMicros;
        int n = purchases.orders();
        long[] ids = Arrays.copyOf(purchases.profile, n);
        Arrays.sort(ids);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                ids[distinct++] = ids[i];
            }
        }
        profiles = Arrays.copyOf(ids, distinct);
        customerOf = new int[n];
        start = new int[distinct + 1];
        for (int o = 0; o < n; o++) {
            customerOf[o] = Arrays.binarySearch(profiles, purchases.profile[o]);
            start[customerOf[o] + 1]++;
        }
        for (int c = 0; c < distinct; c++) {
            start[c + 1] += start[c];
        }
        Integer[] byTime = new Integer[n];
        for (int o = 0; o < n; o++) {
            byTime[o] = o;
        }
        Arrays.sort(byTime, (a, b) -> customerOf[a] != customerOf[b] ? Integer.compare(customerOf[a], customerOf[b])
                : Long.compare(purchases.micros[a], purchases.micros[b]));
        ordered = new int[n];
        for (int i = 0; i < n; i++) {
            ordered[i] = byTime[i];
        }
    }

    int customers() {
        return profiles.length;
    }

    /** The day (in the business zone) of a time in epoch microseconds. */
    long day(long micros) {
        return Math.floorDiv(micros + offsetMicros, DAY_MICROS);
    }

    /** The customer index of a profile, or a negative number when it never ordered. */
    int customer(long profileId) {
        return Arrays.binarySearch(profiles, profileId);
    }

    /** Whether customer {@code c} ordered at or before {@code micros}. */
    boolean orderedBy(int c, long micros) {
        return start[c] < start[c + 1] && purchases.micros[ordered[start[c]]] <= micros;
    }

    /** Whether customer {@code c} ordered in (from, to], in {@code category} (an index) or anything when negative. */
    boolean orderedBetween(int c, long fromMicros, long toMicros, int category) {
        for (int i = start[c]; i < start[c + 1]; i++) {
            int o = ordered[i];
            long at = purchases.micros[o];
            if (at > fromMicros && at <= toMicros && (category < 0 || hasCategory(o, category))) {
                return true;
            }
        }
        return false;
    }

    private boolean hasCategory(int order, int category) {
        for (int l = purchases.lineStart[order]; l < purchases.lineStart[order + 1]; l++) {
            if (purchases.lineCategory[l] == category) {
                return true;
            }
        }
        return false;
    }

    /** The propensity schema: {@link #NUMERIC} (without {@code targetCategoryShare} when there is no target category), then {@code region} and {@code channel}. */
    static Schema schema(boolean targetCategory) {
        List<String> numeric = targetCategory ? NUMERIC : NUMERIC.subList(0, NUMERIC.size() - 1);
        return Schema.builder().numeric(numeric.toArray(String[]::new)).categorical("region", "channel").build();
    }

    /**
     * The features of {@code customers} as they stood at {@code asOfMicros} (only orders up to it
     * count); {@code region} is each customer's current region (null when unknown); customers
     * without an order by then get missing values.
     *
     * @param targetCategory the category whose share of orders is a feature, or -1
     */
    Table features(int[] customers, long asOfMicros, String[] region, int targetCategory) {
        long[] moments = new long[customers.length];
        java.util.Arrays.fill(moments, asOfMicros);
        return features(customers, moments, region, targetCategory);
    }

    /** As {@link #features(int[], long, String[], int)}, each row at its own moment {@code asOfMicros[r]}. */
    Table features(int[] customers, long[] moments, String[] region, int targetCategory) {
        int n = customers.length;
        double[][] numeric = new double[NUMERIC.size()][n];
        String[] regions = new String[n];
        String[] channels = new String[n];
        java.util.BitSet seen = new java.util.BitSet();
        for (int r = 0; r < n; r++) {
            int c = customers[r];
            long asOfMicros = moments[r];
            long today = day(asOfMicros);
            long recent = asOfMicros - 90 * DAY_MICROS;
            regions[r] = region[c];
            int orders = 0;
            int days = 0;
            long lastDay = Long.MIN_VALUE;
            long first = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            double spend = 0;
            int recentOrders = 0;
            double recentSpend = 0;
            int inTarget = 0;
            seen.clear();
            int categories = 0;
            for (int i = start[c]; i < start[c + 1]; i++) {
                int o = ordered[i];
                long at = purchases.micros[o];
                if (at > asOfMicros) {
                    break;
                }
                orders++;
                long day = day(at);
                if (day != lastDay) {
                    days++;
                    lastDay = day;
                }
                first = first == Long.MIN_VALUE ? at : first;
                last = at;
                spend += purchases.amount[o];
                if (at > recent) {
                    recentOrders++;
                    recentSpend += purchases.amount[o];
                }
                boolean target = false;
                for (int l = purchases.lineStart[o]; l < purchases.lineStart[o + 1]; l++) {
                    int category = purchases.lineCategory[l];
                    if (category >= 0 && !seen.get(category)) {
                        seen.set(category);
                        categories++;
                    }
                    target |= category == targetCategory && targetCategory >= 0;
                }
                inTarget += target ? 1 : 0;
                channels[r] = purchases.channel[o];
            }
            if (orders == 0) {
                for (double[] column : numeric) {
                    column[r] = Double.NaN;
                }
                continue;
            }
            numeric[0][r] = today - day(last);
            numeric[1][r] = days;
            numeric[2][r] = spend;
            numeric[3][r] = spend / orders;
            numeric[4][r] = today - day(first);
            numeric[5][r] = recentOrders;
            numeric[6][r] = recentSpend;
            numeric[7][r] = categories;
            numeric[8][r] = targetCategory < 0 ? 0 : (double) inTarget / orders;
        }
        List<Object> columns = new ArrayList<>(List.of((Object[]) numeric));
        if (targetCategory < 0) {
            columns.remove(columns.size() - 1);
        }
        columns.add(regions);
        columns.add(channels);
        return new Table(schema(targetCategory >= 0), n, columns);
    }
}
