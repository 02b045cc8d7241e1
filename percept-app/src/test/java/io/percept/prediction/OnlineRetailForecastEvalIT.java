package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.forecast.Backtest;
import io.percept.analytics.forecast.Ets;
import io.percept.ingest.imports.TableFile;
import io.percept.testing.Datasets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Evaluation on real data (issue 7): weekly merchandise revenue of the UCI Online Retail export
 * for its six largest countries, forecast 1-4 weeks ahead by ETS with model selection, backtested
 * by rolling origin, against the naive and the 4-week seasonal naive methods.
 *
 * <p><b>The series.</b> Revenue is quantity x unit price of the sales lines: cancellations ("C"
 * invoices) are left out rather than netted, because they are booked on the day of the
 * cancellation, often weeks after the order, and would put negative spikes into a demand series
 * (returns are a series of their own); so are bad-debt adjustments ("A"), lines with a quantity or
 * unit price of 0 or less, exact repeats of a line, and the lines that are not merchandise (postage
 * POST/DOT, carriage C2, manual adjustments M, fees AMAZONFEE and BANK CHARGES, samples S,
 * discounts D, commission CRUK, bad debt B, PADS). Weeks start on Monday. The export runs from
 * Wednesday 2010-12-01 to Friday 2011-12-09 with the shop closed from 23 December to 3 January; the
 * series are the 48 full trading weeks from Monday 2011-01-03 to the week of 2011-11-28, so no
 * partial week and no closure week are in them.
 *
 * <p><b>The models.</b> 48 weeks cannot show a yearly season (m = 52 needs two years), so ETS
 * chooses by AICc among ETS(A,N,N), ETS(A,A,N) and ETS(A,Ad,N); a second run also offers a 4-week
 * season (ETS(A/M,*,A/M)[4]). Baselines: naive (last week) and seasonal naive with lag 4.
 *
 * <p><b>The backtest.</b> Origins at weeks 24, 25, ..., 47 (training on the first half of the
 * year and more), forecasts 1-4 weeks ahead (fewer at the last origins): 90 forecasts per country.
 * MASE is scaled by the naive method's in-sample mean absolute error of each origin's training
 * window (the seasonal naive at the period the models use, which is 1; Hyndman and Koehler 2006).
 *
 * <p><b>The countries.</b> The six with the most merchandise revenue in those weeks: the United
 * Kingdom (84 % of it), the Netherlands, EIRE, Germany, France and Australia. The Netherlands and
 * Australia buy in few, large wholesale orders and have weeks without sales (intermittent demand),
 * kept in as they are.
 */
class OnlineRetailForecastEvalIT {

    private static final LocalDate FIRST_WEEK = LocalDate.of(2011, 1, 3);
    private static final int WEEKS = 48;
    private static final Set<String> NOT_MERCHANDISE = Set.of("POST", "DOT", "C2", "M", "m", "AMAZONFEE", "BANK CHARGES", "S", "D", "CRUK",
            "B", "PADS");
    private static final Backtest.Options BACKTEST = new Backtest.Options(24, 4, 1, 1);
    private static final double COVERAGE = 0.9;

    @Test
    void weeklyRevenuePerTopCountryIsForecastBetterThanNaive() throws Exception {
        Map<String, double[]> revenue = weeklyRevenue(Datasets.root().resolve("uci_online_retail/online_retail.csv"));
        List<String> top = revenue.entrySet().stream()
                .sorted((a, b) -> Double.compare(total(b.getValue()), total(a.getValue())))
                .limit(6).map(Map.Entry::getKey).toList();
        assertThat(top).containsExactly("United Kingdom", "Netherlands", "EIRE", "Germany", "France", "Australia");

        Ets.Options nonSeasonal = Ets.Options.defaults(1);
        Ets.Options fourWeeks = Ets.Options.defaults(4);
        System.out.printf(Locale.ROOT, "online retail weekly revenue, %d weeks from %s; rolling origin from week %d, 1-%d weeks ahead; "
                + "MASE scaled by the in-sample naive MAE%n", WEEKS, FIRST_WEEK, BACKTEST.initial(), BACKTEST.horizon());
        System.out.printf(Locale.ROOT, "%-15s %9s %6s %-24s %9s %9s %9s %9s %9s %9s %9s %9s%n", "country", "revenue", "zeros", "ETS at the end",
                "MASE ETS", "naive", "snaive4", "ETS+4wk", "ETS h=1", "cover90", "Theta", "ETS|Theta");
        Map<String, double[]> results = new LinkedHashMap<>();
        for (String country : top) {
            double[] y = revenue.get(country);
            Backtest.Result ets = Backtest.run(y, Backtest.Forecaster.ets(nonSeasonal, COVERAGE), BACKTEST);
            Backtest.Result naive = Backtest.run(y, Backtest.Forecaster.naive(COVERAGE), BACKTEST);
            Backtest.Result seasonalNaive = Backtest.run(y, Backtest.Forecaster.seasonalNaive(4, COVERAGE), BACKTEST);
            Backtest.Result etsFourWeeks = Backtest.run(y, Backtest.Forecaster.ets(fourWeeks, COVERAGE), BACKTEST);
            // tried for the United Kingdom (issue 7, docs/models.md): neither gets it below 1 and both lift EIRE above 1
            Backtest.Result theta = Backtest.run(y, Backtest.Forecaster.theta(COVERAGE), BACKTEST);
            Backtest.Result combined = Backtest.run(y, Backtest.Forecaster.mean(Backtest.Forecaster.ets(nonSeasonal, COVERAGE),
                    Backtest.Forecaster.theta(COVERAGE)), BACKTEST);
            long zeros = java.util.Arrays.stream(y).filter(v -> v == 0).count();
            String model = Ets.select(y, nonSeasonal).model().name();
            System.out.printf(Locale.ROOT, "%-15s %9.0f %6d %-24s %9.3f %9.3f %9.3f %9.3f %9.3f %9.2f %9.3f %9.3f%n", country, total(y), zeros,
                    model, ets.mase(), naive.mase(), seasonalNaive.mase(), etsFourWeeks.mase(), ets.maseByHorizon()[0], ets.coverage(), theta.mase(),
                    combined.mase());
            assertThat(ets.forecasts()).isEqualTo(90);
            results.put(country, new double[] {ets.mase(), naive.mase(), seasonalNaive.mase()});
        }

        for (Map.Entry<String, double[]> result : results.entrySet()) {
            double[] mase = result.getValue();
            assertThat(mase[0]).as("%s: ETS beats naive", result.getKey()).isLessThan(mase[1]);
            assertThat(mase[0]).as("%s: ETS beats the 4-week seasonal naive", result.getKey()).isLessThan(mase[2]);
        }
        // the acceptance, MASE < 1, holds for five of the six countries (Germany and EIRE narrowly: 0.97, 0.99);
        // not for the United Kingdom, whose autumn ramp to 2.5 times its spring level is a yearly season 48 weeks cannot teach
        for (String country : List.of("Netherlands", "EIRE", "Germany", "France", "Australia")) {
            assertThat(results.get(country)[0]).as("%s: MASE < 1", country).isLessThan(1.0);
            assertThat(results.get(country)[0]).as("%s: ETS clearly better than naive", country).isLessThan(0.9 * results.get(country)[1]);
        }
        System.out.printf(Locale.ROOT, "MASE < 1 in %d of %d countries%n", results.values().stream().filter(m -> m[0] < 1).count(), results.size());
    }

    private static double total(double[] y) {
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        return sum;
    }

    /** Weekly merchandise revenue per country over the 48 full weeks (see the class comment for what counts). */
    private static Map<String, double[]> weeklyRevenue(Path csv) throws Exception {
        Map<String, double[]> revenue = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int rows = 0;
        try (TableFile file = TableFile.open(csv)) {
            TableFile.Record record;
            List<String> columns = List.of("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");
            assertThat(file.columns()).containsExactlyElementsOf(columns);
            List<String> fields = new ArrayList<>(8);
            while ((record = file.next()) != null) {
                assertThat(record.problem()).isNull();
                rows++;
                fields.clear();
                for (String column : columns) {
                    fields.add(record.get(column));
                }
                if (!seen.add(String.join("\u0001", fields))) {
                    continue;
                }
                String invoice = fields.get(0);
                double quantity = Double.parseDouble(fields.get(3));
                double price = Double.parseDouble(fields.get(5));
                if (invoice.startsWith("C") || invoice.startsWith("A") || quantity <= 0 || price <= 0
                        || NOT_MERCHANDISE.contains(fields.get(1).strip())) {
                    continue;
                }
                LocalDate day = LocalDate.parse(fields.get(4).substring(0, 10));
                long week = ChronoUnit.WEEKS.between(FIRST_WEEK, day.with(DayOfWeek.MONDAY));
                if (week >= 0 && week < WEEKS) {
                    revenue.computeIfAbsent(fields.get(7), c -> new double[WEEKS])[(int) week] += quantity * price;
                }
            }
        }
        assertThat(rows).isEqualTo(541_909);
        return revenue;
    }
}
