package io.percept.analytics.clv;

import java.util.Arrays;

/**
 * Per-customer purchase summaries in the form the BG/NBD and Gamma-Gamma models take, from
 * transactions of (customer, day, amount). Transactions of a customer on the same day are one
 * purchase (their amounts summed). Times are in units of {@code unitDays} days (7 for weeks).
 *
 * @param customer          the input customer index of each summary (customers who first bought after the
 *                          calibration end have none)
 * @param frequency         x: repeat purchases (distinct purchase days after the first) up to the calibration end
 * @param recency           t_x: from the first purchase to the last one in the calibration period, in units
 * @param age               T: from the first purchase to the calibration end, in units
 * @param meanSpend         the mean spend of the repeat purchase days; NaN without repeats or without amounts
 * @param holdoutPurchases  purchase days after the calibration end up to the observation end
 * @param holdoutLength     the holdout period's length in units (0 without one)
 * @param laterCustomers    customers whose first purchase is after the calibration end (left out)
 */
public record CustomerSummaries(int[] customer, double[] frequency, double[] recency, double[] age, double[] meanSpend,
                                double[] holdoutPurchases, double holdoutLength, int laterCustomers) {

    /**
     * How transactions are summarised.
     *
     * @param unitDays       days per time unit (1 for days, 7 for weeks), greater than 0
     * @param calibrationEnd the last day (epoch day, inclusive) of the calibration period
     * @param observationEnd the last day (epoch day, inclusive) observed; transactions after it are ignored
     */
    public record Options(double unitDays, long calibrationEnd, long observationEnd) {

        public Options {
            if (!(unitDays > 0) || Double.isInfinite(unitDays)) {
                throw new IllegalArgumentException("unitDays must be positive, was " + unitDays);
            }
            if (observationEnd < calibrationEnd) {
                throw new IllegalArgumentException("the observation end " + observationEnd + " is before the calibration end " + calibrationEnd);
            }
        }
    }

    /** The number of customers summarised. */
    public int size() {
        return frequency.length;
    }

    /**
     * Summarises transactions.
     *
     * @param customer  each transaction's customer, 0 to {@code customers - 1}
     * @param day       each transaction's epoch day
     * @param amount    each transaction's amount, or {@code null} when there are none
     * @param customers how many customers there are
     */
    public static CustomerSummaries of(int[] customer, long[] day, double[] amount, int customers, Options options) {
        if (day.length != customer.length || (amount != null && amount.length != customer.length)) {
            throw new IllegalArgumentException("customer, day and amount must have one entry per transaction");
        }
        int[] start = new int[customers + 1];
        for (int c : customer) {
            if (c < 0 || c >= customers) {
                throw new IllegalArgumentException("customer index " + c + " is outside 0.." + (customers - 1));
            }
            start[c + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            start[c + 1] += start[c];
        }
        // each customer's transactions as (day, position) packed in a long, sorted by day
        long[] keys = new long[customer.length];
        int[] filled = Arrays.copyOf(start, customers);
        for (int i = 0; i < customer.length; i++) {
            if (day[i] < -(1L << 30) || day[i] >= 1L << 30) {
                throw new IllegalArgumentException("day " + day[i] + " is out of range");
            }
            keys[filled[customer[i]]++] = ((day[i] + (1L << 30)) << 32) | i;
        }
        int[] index = new int[customers];
        double[] x = new double[customers];
        double[] tx = new double[customers];
        double[] age = new double[customers];
        double[] spend = new double[customers];
        double[] holdout = new double[customers];
        int kept = 0;
        int later = 0;
        double unit = options.unitDays();
        for (int c = 0; c < customers; c++) {
            if (start[c] == start[c + 1]) {
                continue;
            }
            Arrays.sort(keys, start[c], start[c + 1]);
            long first = (keys[start[c]] >>> 32) - (1L << 30);
            if (first > options.calibrationEnd()) {
                later++;
                continue;
            }
            long previous = Long.MIN_VALUE;
            long last = first;
            int repeats = 0;
            int holdoutDays = 0;
            double repeatSpend = 0;
            for (int k = start[c]; k < start[c + 1]; k++) {
                long d = (keys[k] >>> 32) - (1L << 30);
                int position = (int) keys[k];
                if (d > options.observationEnd()) {
                    break;
                }
                boolean newDay = d != previous;
                previous = d;
                if (d > options.calibrationEnd()) {
                    holdoutDays += newDay ? 1 : 0;
                    continue;
                }
                if (d != first) {
                    repeats += newDay ? 1 : 0;
                    repeatSpend += amount == null ? 0 : amount[position];
                }
                last = d;
            }
            index[kept] = c;
            x[kept] = repeats;
            tx[kept] = (last - first) / unit;
            age[kept] = (options.calibrationEnd() - first) / unit;
            spend[kept] = amount == null || repeats == 0 ? Double.NaN : repeatSpend / repeats;
            holdout[kept] = holdoutDays;
            kept++;
        }
        return new CustomerSummaries(Arrays.copyOf(index, kept), Arrays.copyOf(x, kept), Arrays.copyOf(tx, kept), Arrays.copyOf(age, kept),
                Arrays.copyOf(spend, kept), Arrays.copyOf(holdout, kept), (options.observationEnd() - options.calibrationEnd()) / unit, later);
    }
}
