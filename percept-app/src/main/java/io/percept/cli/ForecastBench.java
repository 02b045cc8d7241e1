package io.percept.cli;

import io.percept.analytics.forecast.Ets;
import io.percept.analytics.forecast.Forecast;
import io.percept.analytics.forecast.SeasonalNaive;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench forecast}: demand forecasting throughput (issue 7). Seeded daily demand
 * series, one per product x region, each {@code --days} long plus {@code --horizon} days held out;
 * per series, three variants on the same data in turn: the seasonal naive method (the raw
 * baseline: forecasts and the in-sample scale), one ETS(A,A,A)[7] fit, and ETS with model
 * selection by AICc among the nine models (what a forecast of every series costs), each with a
 * forecast and 95 % intervals. Reports series per second per core (thread CPU time, which a busy
 * machine distorts less than wall-clock time) and wall-clock, the models chosen, and the accuracy
 * on the held-out days (MASE against the seasonal naive scale, interval coverage).
 */
@Command(name = "forecast", description = "Forecasting throughput: seeded daily demand series (product x region), seasonal naive "
        + "(raw baseline), one ETS(A,A,A)[7] fit, and ETS with AICc selection among nine models; series/s per core and accuracy on held-out days.")
final class ForecastBench implements Callable<Integer> {

    private static final int PERIOD = 7;

    @Spec
    CommandSpec spec;

    @Option(names = "--series", defaultValue = "10000", paramLabel = "N", description = "Series (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--days", defaultValue = "730", paramLabel = "D", description = "Days fitted per series (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--horizon", defaultValue = "28", paramLabel = "H", description = "Days forecast and held out (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T", description = "Worker threads (default: one per core)")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the series (default: ${DEFAULT-VALUE})")
    long seed;

    /** What one variant did to one slice of the series. */
    private record Slice(long cpuNanos, double maseSum, int inside, int forecasts, Map<String, Integer> models) {
    }

    private interface Variant {
        Forecast run(double[] history);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (count < 1 || days < 2 * PERIOD + 2 || horizon < 1 || threads < 0) {
            spec.commandLine().getErr().println("percept bench forecast: --series and --horizon must be positive, --days at least 16, --threads 0 or more");
            return 2;
        }
        int workers = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        double[][] series = generate(count, days + horizon, seed);
        int zeros = 0;
        for (double[] y : series) {
            for (int t = 0; t < days; t++) {
                if (y[t] == 0) {
                    zeros++;
                    break;
                }
            }
        }
        out.printf(Locale.ROOT, "%,d seeded daily demand series of %d days (+%d held out), %,d with a zero day; %d threads%n", count, days, horizon,
                zeros, workers);
        Ets.Options options = Ets.Options.defaults(PERIOD);
        Ets.Model aaa = new Ets.Model(Ets.Trend.ADDITIVE, Ets.Season.ADDITIVE, PERIOD);
        Map<String, Variant> variants = new java.util.LinkedHashMap<>();
        variants.put("snaive", history -> SeasonalNaive.forecast(history, PERIOD, horizon, 0.95));
        variants.put("ets_aaa", history -> Ets.fit(history, aaa, options).forecast(horizon, 0.95));
        variants.put("ets_select", history -> Ets.select(history, options).forecast(horizon, 0.95));
        // warm up the JIT on a few hundred series
        for (Variant variant : variants.values()) {
            for (int i = 0; i < Math.min(count, 200); i++) {
                variant.run(java.util.Arrays.copyOf(series[i], days));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "series=%d days=%d threads=%d", count, days, workers));
        double baseline = Double.NaN;
        try {
            for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                long started = System.nanoTime();
                List<Future<Slice>> slices = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int from = (int) ((long) count * w / workers);
                    int to = (int) ((long) count * (w + 1) / workers);
                    slices.add(pool.submit(() -> slice(series, from, to, variant.getValue())));
                }
                long cpu = 0;
                double maseSum = 0;
                int inside = 0;
                int forecasts = 0;
                Map<String, Integer> models = new TreeMap<>();
                for (Future<Slice> future : slices) {
                    Slice slice = future.get();
                    cpu += slice.cpuNanos();
                    maseSum += slice.maseSum();
                    inside += slice.inside();
                    forecasts += slice.forecasts();
                    slice.models().forEach((model, n) -> models.merge(model, n, Integer::sum));
                }
                double wall = count / ((System.nanoTime() - started) / 1e9);
                double perCore = count / (cpu / 1e9);
                if (variant.getKey().equals("snaive")) {
                    baseline = perCore;
                }
                out.printf(Locale.ROOT, "%-11s %,12.1f series/s per core (CPU time) %,12.1f series/s wall  %10.5f x baseline   "
                        + "held-out MASE %.3f, 95%% intervals cover %.3f%n", variant.getKey(), perCore, wall, perCore / baseline, maseSum / count,
                        (double) inside / forecasts);
                if (variant.getKey().equals("ets_select")) {
                    out.println("  models chosen: " + models);
                }
                last.append(String.format(Locale.ROOT, " %s_per_core=%.1f %s_mase=%.3f", variant.getKey(), perCore, variant.getKey(),
                        maseSum / count));
            }
        } finally {
            pool.shutdownNow();
        }
        out.println(last);
        return 0;
    }

    /** Runs a variant on series {@code from..to-1}: fit on the first {@code days}, score the held-out days. */
    private Slice slice(double[][] series, int from, int to, Variant variant) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        double maseSum = 0;
        int inside = 0;
        int forecasts = 0;
        Map<String, Integer> models = new TreeMap<>();
        for (int i = from; i < to; i++) {
            double[] history = java.util.Arrays.copyOf(series[i], days);
            long start = bean.getCurrentThreadCpuTime();
            Forecast forecast = variant.run(history);
            cpu += bean.getCurrentThreadCpuTime() - start;
            double scale = SeasonalNaive.scale(history, days, PERIOD);
            double error = 0;
            for (int h = 0; h < horizon; h++) {
                double actual = series[i][days + h];
                error += Math.abs(actual - forecast.mean()[h]);
                inside += actual >= forecast.lower()[h] && actual <= forecast.upper()[h] ? 1 : 0;
                forecasts++;
            }
            maseSum += scale > 0 ? error / horizon / scale : 0;
            models.merge(forecast.model(), 1, Integer::sum);
        }
        return new Slice(cpu, maseSum, inside, forecasts, models);
    }

    /**
     * Daily demand of products in regions: a product's base rate (log-uniform, 0.5 to 200 units a
     * day) times the region's share, a weekly profile (weekend lift of the product's own size), a
     * yearly wave (its own amplitude and phase), a trend (-30 % to +60 % a year), and Poisson noise.
     */
    static double[][] generate(int count, int length, long seed) {
        int regions = 20;
        double[][] series = new double[count][length];
        SplittableRandom products = new SplittableRandom(seed);
        double[] regionShare = new double[regions];
        for (int r = 0; r < regions; r++) {
            regionShare[r] = 0.3 + 1.4 * products.nextDouble();
        }
        double base = 0;
        double weekend = 0;
        double amplitude = 0;
        double phase = 0;
        double growth = 0;
        for (int i = 0; i < count; i++) {
            if (i % regions == 0) {
                base = Math.exp(Math.log(0.5) + (Math.log(200) - Math.log(0.5)) * products.nextDouble());
                weekend = 0.8 + 0.8 * products.nextDouble();
                amplitude = 0.4 * products.nextDouble();
                phase = 2 * Math.PI * products.nextDouble();
                growth = -0.3 + 0.9 * products.nextDouble();
            }
            SplittableRandom noise = new SplittableRandom(seed * 1_000_003 + i);
            double share = regionShare[i % regions];
            for (int t = 0; t < length; t++) {
                double mean = base * share * (t % 7 >= 5 ? weekend : 1) * (1 + amplitude * Math.sin(2 * Math.PI * t / 365.25 + phase))
                        * (1 + growth * t / 365.25);
                series[i][t] = poisson(noise, Math.max(mean, 0));
            }
        }
        return series;
    }

    private static double poisson(SplittableRandom random, double mean) {
        if (mean > 30) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
        }
        double limit = Math.exp(-mean);
        double product = 1;
        int k = 0;
        do {
            k++;
            product *= random.nextDouble();
        } while (product > limit);
        return k - 1;
    }
}
