package io.percept.analytics.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * When each group of customers (a segment) shops: hour-of-day × weekday histograms per group, each
 * group's peak hour, weekday and hour-of-week, its shares relative to the population's (the share
 * ratio, 1 where the group shops like everyone), and how different it is from the rest of the
 * population: Pearson's χ² of the 2 × K table (this group, the others) × (hour, or weekday), with
 * its degrees of freedom and Cramér's V = √(χ² / n) as a size-free effect (0: the same
 * distribution; 1: disjoint). Columns that no one used are left out of the test.
 *
 * <p>Events are given as primitive arrays (group, weekday 0 = Monday … 6 = Sunday, hour 0 … 23),
 * optionally weighted (e.g. by order value); the caller converts its timestamps to the local time
 * zone that matters. Pure and deterministic; ties in peaks go to the earlier hour or day.
 */
public final class ShoppingPatterns {

    /** Hours in a day. */
    public static final int HOURS = 24;
    /** Days in a week. */
    public static final int DAYS = 7;

    private ShoppingPatterns() {
    }

    /**
     * One group's (or the population's) pattern.
     *
     * @param group          the group id, or -1 for the population
     * @param cells          the weight of each hour-of-week, index {@code weekday * 24 + hour}
     * @param total          the summed weight
     * @param hours          the weight per hour of day
     * @param weekdays       the weight per weekday
     * @param peakHour       the busiest hour of day (-1 when empty)
     * @param peakWeekday    the busiest weekday (-1 when empty)
     * @param peakCell       the busiest hour of the week, {@code weekday * 24 + hour} (-1 when empty)
     * @param hourRatio      per hour, this group's share over the population's (NaN where the population has none)
     * @param weekdayRatio   per weekday, this group's share over the population's
     * @param hourChiSquare  χ² of this group against the rest over the hours (0 for the population)
     * @param hourDegrees    its degrees of freedom
     * @param hourCramersV   its Cramér's V
     * @param weekdayChiSquare χ² of this group against the rest over the weekdays
     * @param weekdayDegrees its degrees of freedom
     * @param weekdayCramersV its Cramér's V
     */
    public record Pattern(int group, double[] cells, double total, double[] hours, double[] weekdays, int peakHour, int peakWeekday,
            int peakCell, double[] hourRatio, double[] weekdayRatio, double hourChiSquare, int hourDegrees, double hourCramersV,
            double weekdayChiSquare, int weekdayDegrees, double weekdayCramersV) {
    }

    /**
     * The patterns.
     *
     * @param population everyone's pattern
     * @param groups     one pattern per group id, {@code groups.get(g).group() == g}
     */
    public record Result(Pattern population, List<Pattern> groups) {

        public Result {
            groups = List.copyOf(groups);
        }
    }

    /** Unweighted: each event counts 1. */
    public static Result of(int groupCount, int[] group, int[] weekday, int[] hour) {
        return of(groupCount, group, weekday, hour, null);
    }

    /**
     * The patterns of {@code groupCount} groups from events given as parallel arrays; {@code weight}
     * may be null (all 1) or give each event's non-negative weight.
     */
    public static Result of(int groupCount, int[] group, int[] weekday, int[] hour, double[] weight) {
        int n = group.length;
        if (weekday.length != n || hour.length != n || (weight != null && weight.length != n)) {
            throw new IllegalArgumentException("group, weekday, hour and weight differ in length");
        }
        if (groupCount < 0) {
            throw new IllegalArgumentException("groupCount must be 0 or more, was " + groupCount);
        }
        double[][] cells = new double[groupCount][DAYS * HOURS];
        double[] all = new double[DAYS * HOURS];
        for (int e = 0; e < n; e++) {
            int g = group[e];
            int d = weekday[e];
            int h = hour[e];
            if (g < 0 || g >= groupCount || d < 0 || d >= DAYS || h < 0 || h >= HOURS) {
                throw new IllegalArgumentException("event " + e + " has group " + g + ", weekday " + d + ", hour " + h);
            }
            double w = weight == null ? 1 : weight[e];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and 0 or more, was " + w);
            }
            cells[g][d * HOURS + h] += w;
            all[d * HOURS + h] += w;
        }
        Pattern population = pattern(-1, all, null);
        List<Pattern> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            groups.add(pattern(g, cells[g], population));
        }
        return new Result(population, groups);
    }

    private static Pattern pattern(int group, double[] cells, Pattern population) {
        double[] hours = new double[HOURS];
        double[] weekdays = new double[DAYS];
        double total = 0;
        int peakCell = -1;
        for (int c = 0; c < cells.length; c++) {
            hours[c % HOURS] += cells[c];
            weekdays[c / HOURS] += cells[c];
            total += cells[c];
            if (cells[c] > 0 && (peakCell < 0 || cells[c] > cells[peakCell])) {
                peakCell = c;
            }
        }
        int peakHour = argmax(hours);
        int peakWeekday = argmax(weekdays);
        double[] hourRatio = new double[HOURS];
        double[] weekdayRatio = new double[DAYS];
        double[] hourTest = {0, 0, 0};
        double[] dayTest = {0, 0, 0};
        if (population != null) {
            ratio(hours, total, population.hours(), population.total(), hourRatio);
            ratio(weekdays, total, population.weekdays(), population.total(), weekdayRatio);
            hourTest = chiSquare(hours, total, population.hours(), population.total());
            dayTest = chiSquare(weekdays, total, population.weekdays(), population.total());
        } else {
            java.util.Arrays.fill(hourRatio, 1);
            java.util.Arrays.fill(weekdayRatio, 1);
        }
        return new Pattern(group, cells, total, hours, weekdays, peakHour, peakWeekday, peakCell, hourRatio, weekdayRatio,
                hourTest[0], (int) hourTest[1], hourTest[2], dayTest[0], (int) dayTest[1], dayTest[2]);
    }

    private static int argmax(double[] values) {
        int best = -1;
        for (int k = 0; k < values.length; k++) {
            if (values[k] > 0 && (best < 0 || values[k] > values[best])) {
                best = k;
            }
        }
        return best;
    }

    private static void ratio(double[] mine, double myTotal, double[] all, double allTotal, double[] out) {
        for (int k = 0; k < mine.length; k++) {
            out[k] = all[k] == 0 || myTotal == 0 ? Double.NaN : (mine[k] / myTotal) / (all[k] / allTotal);
        }
    }

    /** {χ², degrees of freedom, Cramér's V} of the 2 × K table (mine, all − mine) over the columns anyone used. */
    static double[] chiSquare(double[] mine, double myTotal, double[] all, double allTotal) {
        double restTotal = allTotal - myTotal;
        if (myTotal <= 0 || restTotal <= 0) {
            return new double[] {0, 0, 0};
        }
        double chi = 0;
        int columns = 0;
        for (int k = 0; k < mine.length; k++) {
            if (all[k] <= 0) {
                continue;
            }
            columns++;
            double expectedMine = myTotal * all[k] / allTotal;
            double expectedRest = restTotal * all[k] / allTotal;
            double rest = all[k] - mine[k];
            chi += (mine[k] - expectedMine) * (mine[k] - expectedMine) / expectedMine
                    + (rest - expectedRest) * (rest - expectedRest) / expectedRest;
        }
        return new double[] {chi, Math.max(0, columns - 1), Math.sqrt(chi / allTotal)};
    }
}
