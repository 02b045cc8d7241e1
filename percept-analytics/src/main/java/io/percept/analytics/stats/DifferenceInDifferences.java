package io.percept.analytics.stats;

/**
 * The difference-in-differences estimate of an intervention's effect on a daily KPI, from the
 * KPI's daily values in the treated group and in a control group, before and after the start:
 *
 * <pre>
 *   DiD = (mean(T_after) - mean(T_before)) - (mean(C_after) - mean(C_before))
 *   SE  = sqrt( s²(T_after)/n(T_after) + s²(T_before)/n(T_before) + s²(C_after)/n(C_after) + s²(C_before)/n(C_before) )
 *   95 % CI = DiD ± 1.96 · SE
 * </pre>
 *
 * where s² is the sample variance (n − 1) of a cell's daily values: the four cell means are taken
 * as independent, each with its own variance (Welch's unequal-variance standard error extended to
 * four means). Days are the unit of observation, so day-to-day noise, not customer-level noise, sets
 * the width; serial correlation between days is ignored (the interval is then somewhat too
 * narrow). Without a control group the estimate is the treated group's before/after change and its
 * standard error the two treated cells' terms. Deterministic; no state.
 */
public final class DifferenceInDifferences {

    /** The normal quantile of a two-sided 95 % interval. */
    public static final double Z95 = 1.959964;

    /**
     * An estimate.
     *
     * @param treatedBefore mean daily value of the treated group before the start (NaN without days)
     * @param treatedAfter  mean daily value of the treated group from the start
     * @param controlBefore mean daily value of the control group before (NaN without a control group)
     * @param controlAfter  mean daily value of the control group after
     * @param estimate      the difference in differences (NaN when a treated cell has no day)
     * @param standardError its standard error (NaN when a cell has fewer than two days)
     * @param low           lower end of the 95 % interval
     * @param high          upper end of the 95 % interval
     * @param controlled    whether a control group took part
     */
    public record Estimate(double treatedBefore, double treatedAfter, double controlBefore, double controlAfter, double estimate,
                           double standardError, double low, double high, boolean controlled) {

        /** Whether the interval lies wholly above zero. */
        public boolean significantlyPositive() {
            return low > 0;
        }

        /** Whether the interval lies wholly below zero. */
        public boolean significantlyNegative() {
            return high < 0;
        }

        /** The estimate relative to what the treated group would have had without the intervention ({@code treatedAfter - estimate}); NaN when that is 0. */
        public double relative() {
            double counterfactual = treatedAfter - estimate;
            return counterfactual == 0 ? Double.NaN : estimate / Math.abs(counterfactual);
        }
    }

    private DifferenceInDifferences() {
    }

    /**
     * The estimate from the daily values of each cell; NaN values (days without data) are skipped.
     * {@code controlBefore} and {@code controlAfter} may be empty (no control group), not only one of them.
     */
    public static Estimate estimate(double[] treatedBefore, double[] treatedAfter, double[] controlBefore, double[] controlAfter) {
        Cell tb = Cell.of(treatedBefore);
        Cell ta = Cell.of(treatedAfter);
        Cell cb = Cell.of(controlBefore);
        Cell ca = Cell.of(controlAfter);
        boolean controlled = cb.n > 0 && ca.n > 0;
        if (!controlled && (cb.n > 0 || ca.n > 0)) {
            throw new IllegalArgumentException("the control group needs days both before and after the start");
        }
        double estimate = (ta.mean - tb.mean) - (controlled ? ca.mean - cb.mean : 0);
        double variance = tb.varianceOfMean() + ta.varianceOfMean() + (controlled ? cb.varianceOfMean() + ca.varianceOfMean() : 0);
        double se = Math.sqrt(variance);
        return new Estimate(tb.mean, ta.mean, controlled ? cb.mean : Double.NaN, controlled ? ca.mean : Double.NaN, estimate, se,
                estimate - Z95 * se, estimate + Z95 * se, controlled);
    }

    /** A cell's count of days, mean and sample variance. */
    private record Cell(int n, double mean, double variance) {

        static Cell of(double[] values) {
            int n = 0;
            double sum = 0;
            for (double value : values) {
                if (!Double.isNaN(value)) {
                    n++;
                    sum += value;
                }
            }
            if (n == 0) {
                return new Cell(0, Double.NaN, Double.NaN);
            }
            double mean = sum / n;
            double squares = 0;
            for (double value : values) {
                if (!Double.isNaN(value)) {
                    squares += (value - mean) * (value - mean);
                }
            }
            return new Cell(n, mean, n < 2 ? Double.NaN : squares / (n - 1));
        }

        double varianceOfMean() {
            return n == 0 ? Double.NaN : variance / n;
        }
    }
}
