package io.percept.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.forecast.Anomalies.Direction;
import io.percept.analytics.forecast.Anomalies.Options;
import io.percept.analytics.forecast.Anomalies.Point;
import io.percept.analytics.forecast.Anomalies.Transform;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomaliesTests {

    /** Daily demand: growing 50 % over the year, weekends 1.6 x, a yearly wave of +-20 %, Poisson noise. */
    private static double demandMean(double base, int t) {
        return base * (1 + 0.5 * t / 365.0) * (t % 7 >= 5 ? 1.6 : 1.0) * (1 + 0.2 * Math.sin(2 * Math.PI * t / 365));
    }

    @Test
    void findsPlantedDemandSpikesAndDropsWithFewFalseAlarms() {
        int planted = 0;
        int found = 0;
        int falseAlarms = 0;
        int clean = 0;
        for (int seed = 0; seed < 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double base = new double[] {5, 20, 100}[seed % 3];
            double[] y = new double[365];
            for (int t = 0; t < y.length; t++) {
                y[t] = Series.poisson(random, demandMean(base, t));
            }
            boolean[] anomaly = new boolean[y.length];
            for (int k = 0; k < 6; k++) {
                int t = 7 + random.nextInt(y.length - 7);
                double mean = demandMean(base, t);
                // spikes of 8 Poisson standard deviations; drops to a fifth (a stock-out) where that is evidence (base 20 and 100:
                // from a mean of 5, 1 is only 2.3 standard deviations below on the square-root scale)
                y[t] = k % 3 == 2 && base >= 20 ? Math.floor(mean / 5) : Math.round(mean + 8 * Math.sqrt(mean) + 4);
                anomaly[t] = true;
            }
            for (Point point : Anomalies.detect(y, Options.counts(7))) {
                if (anomaly[point.index()]) {
                    planted++;
                    found += point.anomaly() ? 1 : 0;
                    if (point.anomaly()) {
                        assertThat(point.value() < point.lower() || point.value() > point.upper()).isTrue();
                    }
                } else {
                    clean++;
                    falseAlarms += point.anomaly() ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "demand anomalies: found %d of %d planted; false alarms %d of %d clean points (%.3f %%)%n", found, planted,
                falseAlarms, clean, 100.0 * falseAlarms / clean);
        assertThat((double) found / planted).isGreaterThanOrEqualTo(0.95);
        assertThat((double) falseAlarms / clean).isLessThan(0.002);
    }

    @Test
    void cleanSeriesRaiseFewAlarms() {
        // no planted anomaly at all: counts (Poisson), and levels with normal noise
        int alarms = 0;
        int points = 0;
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom random = new SplittableRandom(1000 + seed);
            double[] counts = new double[730];
            double[] levels = Series.seasonal(seed, 730, 7, 50, 0.02, 8, 3);
            for (int t = 0; t < counts.length; t++) {
                counts[t] = Series.poisson(random, demandMean(30, t));
            }
            alarms += Anomalies.detect(counts, Options.counts(7)).stream().filter(Point::anomaly).count();
            alarms += Anomalies.detect(levels, Options.levels(7)).stream().filter(Point::anomaly).count();
            points += 2 * 730;
        }
        System.out.printf(Locale.ROOT, "clean series: %d alarms in %d points (%.3f %%)%n", alarms, points, 100.0 * alarms / points);
        assertThat((double) alarms / points).isLessThan(0.002);
    }

    @Test
    void aSpikeOnTheLastDayIsFoundFromATrailingWindow() {
        SplittableRandom random = new SplittableRandom(5);
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = Series.poisson(random, demandMean(40, t));
        }
        y[119] = 3 * demandMean(40, 119);

        List<Point> points = Anomalies.detect(y, Options.counts(7));

        Point last = points.get(119);
        assertThat(last.anomaly()).isTrue();
        assertThat(last.score()).isGreaterThan(4);
        assertThat(last.expected()).isCloseTo(demandMean(40, 119), within(0.25 * demandMean(40, 119)));
        assertThat(Anomalies.detect(y, Options.counts(7).withDirection(Direction.DOWN)).get(119).anomaly()).isFalse();
    }

    @Test
    void complaintRatesAreJudgedWithTheirDenominators() {
        int planted = 0;
        int found = 0;
        int falseAlarms = 0;
        int clean = 0;
        int tinyFlagged = 0;
        for (int seed = 0; seed < 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] complaints = new double[365];
            double[] orders = new double[365];
            boolean[] anomaly = new boolean[365];
            for (int t = 0; t < orders.length; t++) {
                orders[t] = random.nextDouble() < 0.05 ? random.nextInt(8) : Math.round((t % 7 >= 5 ? 300 : 120) * (0.5 + random.nextDouble()));
                // 4 % (5.2 % on Mondays), with extra day-to-day variation of about 15 %
                double p = 0.04 * (t % 7 == 0 ? 1.3 : 1.0) * Math.exp(0.3 * (random.nextDouble() - 0.5));
                complaints[t] = Series.binomial(random, (int) orders[t], p);
            }
            for (int k = 0; k < 4; k++) {
                int t = 7 + random.nextInt(358);
                if (orders[t] >= 100) {
                    complaints[t] = Series.binomial(random, (int) orders[t], 0.2);
                    anomaly[t] = true;
                }
            }
            // a day of 2 orders and 2 complaints: a 100 % rate, but no evidence
            orders[3] = 2;
            complaints[3] = 2;
            List<Point> points = Anomalies.detectRates(complaints, orders, Options.rates(7).withDirection(Direction.UP));
            tinyFlagged += points.get(3).anomaly() ? 1 : 0;
            assertThat(points.get(3).upper()).as("a wide range for a tiny denominator").isGreaterThan(0.3);
            for (Point point : points) {
                if (anomaly[point.index()]) {
                    planted++;
                    found += point.anomaly() ? 1 : 0;
                } else if (point.index() != 3) {
                    clean++;
                    falseAlarms += point.anomaly() ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "complaint rates: found %d of %d planted; false alarms %d of %d (%.3f %%)%n", found, planted, falseAlarms,
                clean, 100.0 * falseAlarms / clean);
        assertThat(tinyFlagged).isZero();
        assertThat((double) found / planted).isGreaterThanOrEqualTo(0.9);
        assertThat((double) falseAlarms / clean).isLessThan(0.002);
    }

    @Test
    void aDropInMeanSentimentIsFoundOnABusyDayButNotOnAQuietOne() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 180;
        double[] means = new double[n];
        double[] counts = new double[n];
        double[] deviations = new double[n];
        for (int t = 0; t < n; t++) {
            counts[t] = 20 + random.nextInt(180);
            double dayMean = 0.35 + (t % 7 >= 5 ? 0.05 : 0) + 0.03 * Series.gaussian(random);
            means[t] = dayMean + 0.6 * Series.gaussian(random) / Math.sqrt(counts[t]);
            deviations[t] = 0.6;
        }
        counts[100] = 150;
        means[100] = 0.0;
        counts[120] = 3;
        means[120] = -0.5;

        List<Point> known = Anomalies.detectMeans(means, counts, deviations, Options.rates(7));
        List<Point> estimated = Anomalies.detectMeans(means, counts, null, Options.rates(7));

        for (List<Point> points : List.of(known, estimated)) {
            assertThat(points.get(100).anomaly()).isTrue();
            assertThat(points.get(100).score()).isLessThan(-4);
            assertThat(points.get(120).anomaly()).as("3 texts").isFalse();
            assertThat(points.stream().filter(Point::anomaly).count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void zeroTrialsGiveNoRateAndNoFlag() {
        double[] events = new double[60];
        double[] trials = new double[60];
        for (int t = 0; t < 60; t++) {
            trials[t] = t == 10 ? 0 : 100;
            events[t] = t == 10 ? 0 : 5;
        }

        Point point = Anomalies.detectRates(events, trials, Options.rates(7)).get(10);

        assertThat(point.value()).isNaN();
        assertThat(point.score()).isNaN();
        assertThat(point.anomaly()).isFalse();
        assertThat(point.expected()).isCloseTo(0.05, within(0.01));
    }

    @Test
    void shortAndNonSeasonalSeriesWork() {
        double[] y = {10, 11, 9, 10, 12, 10, 40, 11, 10};

        List<Point> points = Anomalies.detect(y, Options.levels(7));

        assertThat(points).hasSize(9);
        assertThat(points.stream().filter(Point::anomaly).map(Point::index)).containsExactly(6);
        assertThat(Anomalies.detect(new double[] {3}, Options.counts(1)).get(0).anomaly()).isFalse();
    }

    @Test
    void isDeterministicAndRefusesBadInput() {
        double[] y = Series.seasonal(3, 100, 7, 50, 0.1, 5, 2);
        assertThat(Anomalies.detect(y, Options.levels(7))).isEqualTo(Anomalies.detect(y.clone(), Options.levels(7)));

        assertThatIllegalArgumentException().isThrownBy(() -> Options.levels(0));
        assertThatIllegalArgumentException().isThrownBy(() -> Options.levels(7).withTrendWindow(8)).withMessageContaining("odd");
        assertThatIllegalArgumentException().isThrownBy(() -> Options.levels(7).withThreshold(0));
        assertThatIllegalArgumentException().isThrownBy(() -> Options.rates(7).withMinDenominator(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Options(7, 15, 0, 4, Direction.BOTH, Transform.NONE, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Anomalies.detect(new double[0], Options.levels(7)));
        assertThatIllegalArgumentException().isThrownBy(() -> Anomalies.detect(new double[] {1, -2}, Options.counts(7)))
                .withMessageContaining("not negative");
        assertThatIllegalArgumentException().isThrownBy(() -> Anomalies.detect(new double[] {1, Double.NaN}, Options.levels(7)));
        assertThatIllegalArgumentException().isThrownBy(() -> Anomalies.detectRates(new double[] {1}, new double[] {1, 2}, Options.rates(7)));
    }
}
