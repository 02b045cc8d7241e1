package io.percept.prediction;

import io.percept.analytics.forecast.Anomalies;
import io.percept.analytics.forecast.Backtest;
import io.percept.analytics.forecast.Ets;
import io.percept.analytics.forecast.Forecast;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily demand series (orders per day: in total, per category, region, channel and best-selling
 * product; revenue in total), each forecast with ETS chosen by AICc (weekly season) with 95 %
 * intervals and backtested by rolling origin against the seasonal naive forecast (MASE); and
 * anomalies in demand, in the daily mean sentiment of texts and in the daily complaint rate,
 * each with its expected range and score. Pure computation over its inputs.
 */
final class DemandForecasts {

    /** An anomalous day of a series: raised as an alert when recent enough. */
    record Anomaly(String series, String metric, LocalDate day, double value, double expected, double lower, double upper, double score) {

        String key() {
            return series + "|" + metric + "|" + day;
        }
    }

    /** Texts per day: how many, their mean sentiment score and how many were complaints. */
    record TextDays(double[] texts, double[] meanScore, double[] complaints) {

        TextDays(int days) {
            this(new double[days], new double[days], new double[days]);
        }

        boolean empty() {
            for (double count : texts) {
                if (count > 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final int PERIOD = 7;
    private static final double COVERAGE = 0.95;
    private static final int BACKTEST_ORIGINS = 4;

    private final PredictionSettings settings;
    private final List<ModelRun.Document> documents = new ArrayList<>();
    private final List<Anomaly> anomalies = new ArrayList<>();

    DemandForecasts(PredictionSettings settings) {
        this.settings = settings;
    }

    List<ModelRun.Document> documents() {
        return documents;
    }

    List<Anomaly> anomalies() {
        return anomalies;
    }

    /**
     * Builds, forecasts and scans the series over the {@code settings.historyDays()} days before
     * {@code endDay} (exclusive: the day in progress is left out).
     *
     * @param region each customer's region (by customer index), null when unknown
     * @param texts  the text series on the days from {@code endDay - historyDays}, in total ({@code ""}) and by region
     */
    void run(CustomerHistory history, String[] region, long endDay, Map<String, TextDays> texts) {
        Purchases purchases = history.purchases;
        long firstDay = endDay - settings.historyDays();
        long firstOrderDay = history.day(purchases.oldestMicros(Long.MAX_VALUE / 2));
        // the day of the first order is likely cut short by where the history starts: it is left out
        int skip = (int) Math.max(0, Math.min(settings.historyDays(), firstOrderDay + 1 - firstDay));
        firstDay += skip;
        int days = (int) (endDay - firstDay);
        if (days < 3 * PERIOD) {
            documents.add(new ModelRun.Document("forecast", "total|orders", Map.of("series", "total", "metric", "orders", "skipped",
                    "fewer than " + 3 * PERIOD + " days of orders (" + Math.max(0, days) + ")")));
            return;
        }
        Map<String, double[]> orders = new LinkedHashMap<>();
        double[] total = new double[days];
        double[] revenue = new double[days];
        Map<String, double[]> categories = new LinkedHashMap<>();
        Map<String, double[]> regions = new LinkedHashMap<>();
        Map<String, double[]> channels = new LinkedHashMap<>();
        Map<String, double[]> products = new LinkedHashMap<>();
        Map<String, Double> productRevenue = new LinkedHashMap<>();
        for (int o = 0; o < purchases.orders(); o++) {
            long day = history.day(purchases.micros[o]);
            if (day < firstDay || day >= endDay) {
                continue;
            }
            int d = (int) (day - firstDay);
            total[d]++;
            revenue[d] += purchases.amount[o];
            String customerRegion = region[history.customerOf[o]];
            if (customerRegion != null) {
                regions.computeIfAbsent(customerRegion, k -> new double[days])[d]++;
            }
            if (purchases.channel[o] != null) {
                channels.computeIfAbsent(purchases.channel[o], k -> new double[days])[d]++;
            }
            java.util.Set<Integer> seenCategories = new java.util.HashSet<>();
            java.util.Set<Integer> seenProducts = new java.util.HashSet<>();
            for (int l = purchases.lineStart[o]; l < purchases.lineStart[o + 1]; l++) {
                int category = purchases.lineCategory[l];
                if (category >= 0 && seenCategories.add(category)) {
                    categories.computeIfAbsent(purchases.categories.get(category), k -> new double[days])[d]++;
                }
                int product = purchases.lineProduct[l];
                if (seenProducts.add(product)) {
                    String name = purchases.products.get(product);
                    products.computeIfAbsent(name, k -> new double[days])[d]++;
                    double price = Double.isNaN(purchases.linePrice[l]) ? 0 : purchases.linePrice[l] * purchases.lineQuantity[l];
                    productRevenue.merge(name, price, Double::sum);
                }
            }
        }
        orders.put("total", total);
        categories.forEach((name, series) -> orders.put("category:" + name, series));
        regions.forEach((name, series) -> orders.put("region:" + name, series));
        channels.forEach((name, series) -> orders.put("channel:" + name, series));
        products.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -productRevenue.getOrDefault(e.getKey(), 0.0))
                        .thenComparing(e -> -sum(e.getValue())).thenComparing(Map.Entry::getKey))
                .limit(settings.forecastProducts())
                .forEach(e -> orders.put("product:" + e.getKey(), e.getValue()));
        LocalDate first = LocalDate.ofEpochDay(firstDay);
        forecast("total", "revenue", revenue, first);
        orders.forEach((series, values) -> {
            forecast(series, "orders", values, first);
            if (!series.startsWith("product:")) {
                scan(series, "orders", Anomalies.detect(values, Anomalies.Options.counts(PERIOD)), first);
            }
        });
        int offset = skip;
        texts.forEach((key, series) -> {
            if (series.empty() || days < 3 * PERIOD) {
                return;
            }
            String name = key.isEmpty() ? "texts" : "texts:region:" + key;
            double[] count = java.util.Arrays.copyOfRange(series.texts(), offset, offset + days);
            double[] mean = java.util.Arrays.copyOfRange(series.meanScore(), offset, offset + days);
            double[] complaints = java.util.Arrays.copyOfRange(series.complaints(), offset, offset + days);
            scan(name, "sentiment", Anomalies.detectMeans(mean, count, null, Anomalies.Options.levels(PERIOD)), first);
            scan(name, "complaintRate", Anomalies.detectRates(complaints, count, Anomalies.Options.rates(PERIOD)), first);
        });
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }

    private void forecast(String series, String metric, double[] values, LocalDate first) {
        int horizon = settings.forecastDays();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("metric", metric);
        body.put("firstDay", first.toString());
        body.put("total", sum(values));
        int start = 0;
        while (start < values.length && values[start] == 0) {
            start++;
        }
        double[] y = java.util.Arrays.copyOfRange(values, start, values.length);
        body.put("historyStart", first.plusDays(start).toString());
        body.put("history", ModelRun.round(y));
        if (y.length < 3 * PERIOD) {
            body.put("skipped", "fewer than " + 3 * PERIOD + " days since the first order (" + y.length + ")");
            documents.add(new ModelRun.Document("forecast", series + "|" + metric, body));
            return;
        }
        Ets.Options options = Ets.Options.defaults(PERIOD);
        Ets.Fit fit = Ets.select(y, options);
        Forecast forecast = fit.forecast(horizon, COVERAGE).nonNegative();
        body.put("model", fit.describe());
        body.put("forecastStart", first.plusDays(values.length).toString());
        body.put("mean", ModelRun.round(forecast.mean()));
        body.put("lower", ModelRun.round(forecast.lower()));
        body.put("upper", ModelRun.round(forecast.upper()));
        body.put("coverage", COVERAGE);
        int backtestHorizon = Math.min(horizon, 2 * PERIOD);
        int initial = y.length - BACKTEST_ORIGINS * PERIOD - backtestHorizon + PERIOD;
        if (initial > 2 * PERIOD) {
            Backtest.Options backtest = new Backtest.Options(initial, backtestHorizon, PERIOD, PERIOD);
            Backtest.Result ets = Backtest.run(y, Backtest.Forecaster.ets(options, COVERAGE), backtest);
            Backtest.Result naive = Backtest.run(y, Backtest.Forecaster.seasonalNaive(PERIOD, COVERAGE), backtest);
            body.put("backtest", Map.of("origins", ets.origins(), "horizon", backtestHorizon, "mase", ModelRun.round(ets.mase(), 10_000),
                    "seasonalNaiveMase", ModelRun.round(naive.mase(), 10_000), "coverage", ModelRun.round(ets.coverage(), 10_000)));
        }
        documents.add(new ModelRun.Document("forecast", series + "|" + metric, body));
    }

    private void scan(String series, String metric, List<Anomalies.Point> points, LocalDate first) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Anomalies.Point point : points) {
            if (point.anomaly()) {
                Anomaly anomaly = new Anomaly(series, metric, first.plusDays(point.index()), point.value(), point.expected(), point.lower(),
                        point.upper(), point.score());
                anomalies.add(anomaly);
                found.add(Map.of("day", anomaly.day().toString(), "value", ModelRun.round(anomaly.value(), 10_000), "expected",
                        ModelRun.round(anomaly.expected(), 10_000), "lower", ModelRun.round(anomaly.lower(), 10_000), "upper",
                        ModelRun.round(anomaly.upper(), 10_000), "score", ModelRun.round(anomaly.score(), 1_000)));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("metric", metric);
        body.put("days", points.size());
        body.put("anomalies", found);
        documents.add(new ModelRun.Document("anomalies", series + "|" + metric, body));
    }
}
