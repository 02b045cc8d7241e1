package io.percept.profile.domain;

import java.util.Arrays;

/**
 * Quintile scores for recency, frequency and monetary value (Hughes' RFM, 1994), relative to
 * all profiles with at least one order: 5 is the most recent, most frequent or highest-spending
 * fifth. Recency counts whole days back from {@code asOf}, the newest event time seen, so
 * historical data is scored as of its own end rather than today.
 */
public final class RfmScale {

    private final long asOfMicros;
    private final double[] recencyCuts;
    private final double[] frequencyCuts;
    private final double[] monetaryCuts;
    private final int profiles;

    private RfmScale(long asOfMicros, double[] recency, double[] frequency, double[] monetary, int profiles) {
        this.asOfMicros = asOfMicros;
        this.recencyCuts = recency;
        this.frequencyCuts = frequency;
        this.monetaryCuts = monetary;
        this.profiles = profiles;
    }

    /**
     * The scale of a population.
     *
     * @param asOfMicros newest event time, epoch micros
     * @param days       recency in days of each profile with orders
     * @param orders     their order counts
     * @param monetary   their net revenue
     */
    public static RfmScale of(long asOfMicros, double[] days, double[] orders, double[] monetary) {
        return new RfmScale(asOfMicros, cuts(days), cuts(orders), cuts(monetary), days.length);
    }

    private static double[] cuts(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] cuts = new double[4];
        for (int q = 1; q <= 4; q++) {
            cuts[q - 1] = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length / 5.0))];
        }
        return cuts;
    }

    /** Whole days from the last order to {@code asOf}. */
    public static double recencyDays(long lastOrderMicros, long asOfMicros) {
        return Math.max(0, Math.floor((asOfMicros - lastOrderMicros) / 86_400_000_000.0));
    }

    public long asOfMicros() {
        return asOfMicros;
    }

    /** How many profiles with orders the scale was made from. */
    public int profiles() {
        return profiles;
    }

    /** The profile's scores; {@code null} without orders. */
    public Rfm score(ProfileState state) {
        if (state.orders() == 0) {
            return null;
        }
        double days = recencyDays(state.lastOrderMicros(), asOfMicros);
        int r = 6 - bucket(recencyCuts, days);
        int f = bucket(frequencyCuts, state.orders());
        int m = bucket(monetaryCuts, state.netRevenue());
        return new Rfm((long) days, state.orders(), state.netRevenue(), r, f, m);
    }

    /** 1 to 5: one more than the number of cut points below or at the value. */
    private static int bucket(double[] cuts, double value) {
        int bucket = 1;
        for (double cut : cuts) {
            if (value >= cut && bucket < 5) {
                bucket++;
            }
        }
        return Math.min(5, bucket);
    }

    /**
     * A profile's RFM.
     *
     * @param recencyDays days since the last order
     * @param frequency   orders
     * @param monetary    net revenue
     * @param r           recency score, 5 = most recent
     * @param f           frequency score
     * @param m           monetary score
     */
    public record Rfm(long recencyDays, int frequency, double monetary, int r, int f, int m) {

        /** The usual three-digit cell, e.g. {@code "545"}. */
        public String cell() {
            return "" + r + f + m;
        }
    }
}
