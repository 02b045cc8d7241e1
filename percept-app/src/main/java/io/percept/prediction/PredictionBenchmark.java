package io.percept.prediction;

import io.percept.analytics.clv.Draws;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A prediction run over a synthetic order history of any size, without the store: what the models
 * of a run cost on their own (the run's reads and writes are measured on the demo world). The
 * customers follow the BG/NBD story — each buys at a Gamma-distributed rate until they drop out
 * with a Beta-distributed probability after a purchase — over one year, with 1–3 products per
 * order from a Zipf-popular catalogue in 20 categories, 7 regions and 5 channels. Seeded.
 */
public final class PredictionBenchmark {

    private static final long DAY = CustomerHistory.DAY_MICROS;
    private static final String[] REGIONS = {"华东", "华南", "华北", "华中", "西南", "西北", "东北"};
    private static final String[] CHANNELS = {"app", "web", "ecommerce", "store", "sales"};

    /** What was generated and how long each step took, in seconds of wall-clock time. */
    public record Result(int customers, int orders, int lines, Map<String, Double> seconds, Map<String, Object> summary) {
    }

    private PredictionBenchmark() {
    }

    /**
     * Generates {@code customers} customers' year of orders and runs the models of a prediction run
     * over them (with a propensity target in one category), timing each step; {@code baseline} is the
     * raw floor: one pass summing every order into its customer.
     */
    public static Result run(int customers, int products, long seed, Consumer<String> progress) {
        if (customers < 100 || products < 10) {
            throw new IllegalArgumentException("at least 100 customers and 10 products");
        }
        long started = System.nanoTime();
        progress.accept("generating " + customers + " customers");
        Purchases purchases = generate(customers, products, seed);
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("generate", since(started));

        started = System.nanoTime();
        double[] spend = new double[customers + 1];
        for (int o = 0; o < purchases.orders(); o++) {
            spend[(int) purchases.profile[o]] += purchases.amount[o];
        }
        double floor = since(started);
        seconds.put("baseline", floor);

        started = System.nanoTime();
        CustomerHistory history = new CustomerHistory(purchases, 0);
        seconds.put("history", since(started));
        int n = history.customers();
        ModelRun.Facts facts = ModelRun.Facts.of(n);
        SplittableRandom random = new SplittableRandom(seed + 1);
        for (int c = 0; c < n; c++) {
            facts.region()[c] = REGIONS[(int) (history.profiles[c] % REGIONS.length)];
            int orders = history.start[c + 1] - history.start[c];
            facts.events()[c] = orders * (5 + random.nextInt(20));
            facts.refunds()[c] = random.nextInt(20) == 0 ? 1 : 0;
            facts.complaints()[c] = random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0;
            facts.sentiment()[c] = random.nextDouble() * 2 - 1;
            facts.appUser()[c] = random.nextInt(3) == 0;
        }
        PredictionSettings defaults = PredictionSettings.defaults();
        PredictionSettings settings = new PredictionSettings(true, defaults.interval(), defaults.firstRun(), defaults.timeUnit(),
                defaults.clvHorizon(), defaults.annualDiscountRate(), defaults.churnHorizon(),
                List.of(new PredictionSettings.Target("category0", "category-0", java.time.Duration.ofDays(30), null)), defaults.viewEvents(),
                defaults.kMin(), defaults.kMax(), defaults.recommendations(), defaults.bundleSupport(), defaults.bundleConfidence(),
                defaults.forecastDays(), defaults.forecastProducts(), defaults.historyDays(), defaults.alertWindow(), defaults.keepRuns(), seed);
        long asOf = 365 * DAY;
        ModelRun run = new ModelRun(settings, history, facts, asOf, ZoneOffset.UTC, progress);
        started = System.nanoTime();
        ModelRun.Output output = run.run(1);
        seconds.put("models", since(started));
        output.summary().forEach((key, value) -> {
            if (key.endsWith("Seconds") && value instanceof Number number) {
                seconds.put(key.substring(0, key.length() - "Seconds".length()), number.doubleValue());
            }
        });
        progress.accept("forecasts and anomalies");
        started = System.nanoTime();
        DemandForecasts demand = new DemandForecasts(settings);
        demand.run(history, facts.region(), 365, Map.of());
        seconds.put("forecasts", since(started));
        Map<String, Object> summary = new LinkedHashMap<>(output.summary());
        summary.put("forecastSeries", demand.documents().stream().filter(d -> d.kind().equals("forecast")).count());
        summary.put("anomalies", demand.anomalies().size());
        return new Result(n, purchases.orders(), purchases.lineStart[purchases.orders()], seconds, summary);
    }

    private static double since(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * The same synthetic history as tracking-API messages: each order an {@code Order Completed} of
     * user {@code bench-customer-<n>} with its lines, over the year before {@code end}; message ids
     * are stable ({@code bench-order-<n>}), so two stores given the same messages hold the same events.
     */
    public static List<Map<String, Object>> orderMessages(int customers, int products, long seed, java.time.Instant end) {
        Purchases purchases = generate(customers, products, seed);
        java.time.Instant start = end.minus(java.time.Duration.ofDays(365));
        List<Map<String, Object>> messages = new ArrayList<>(purchases.orders());
        for (int o = 0; o < purchases.orders(); o++) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int l = purchases.lineStart[o]; l < purchases.lineStart[o + 1]; l++) {
                lines.add(Map.of("product_id", purchases.products.get(purchases.lineProduct[l]), "category",
                        purchases.categories.get(purchases.lineCategory[l]), "price", purchases.linePrice[l], "quantity", purchases.lineQuantity[l]));
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "track");
            message.put("messageId", "bench-order-" + o);
            message.put("userId", "bench-customer-" + purchases.profile[o]);
            message.put("event", "Order Completed");
            message.put("timestamp", start.plus(purchases.micros[o], java.time.temporal.ChronoUnit.MICROS).toString());
            message.put("properties", Map.of("order_id", "order-" + o, "revenue", purchases.amount[o], "products", lines));
            messages.add(message);
        }
        return messages;
    }

    /** The synthetic history; profile ids are 1 to {@code customers}. */
    static Purchases generate(int customers, int products, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = new double[products];
        double total = 0;
        for (int p = 0; p < products; p++) {
            total += 1.0 / (p + 1);
            cumulative[p] = total;
        }
        Purchases.Builder builder = new Purchases.Builder();
        List<Purchases.Builder.Line> lines = new ArrayList<>(3);
        for (int c = 1; c <= customers; c++) {
            double rate = Draws.gamma(random, 0.6) / 4.0;
            double dropout = Draws.beta(random, 1.0, 4.0);
            double day = random.nextDouble() * 365;
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            while (day < 365) {
                lines.clear();
                int count = 1 + random.nextInt(3);
                double amount = 0;
                for (int l = 0; l < count; l++) {
                    int product = zipf(random, cumulative, total);
                    double price = 20 + (product % 50) * 10;
                    amount += price;
                    lines.add(new Purchases.Builder.Line("product-" + product, "category-" + (product % 20), 1, price));
                }
                builder.order(c, (long) (day * DAY), amount, channel, lines);
                if (random.nextDouble() < dropout) {
                    break;
                }
                day += -Math.log(1 - random.nextDouble()) / Math.max(rate, 1e-3) * 7;
            }
        }
        return builder.build();
    }

    private static int zipf(SplittableRandom random, double[] cumulative, double total) {
        double u = random.nextDouble() * total;
        int index = java.util.Arrays.binarySearch(cumulative, u);
        return index >= 0 ? index : Math.min(cumulative.length - 1, -index - 1);
    }
}
