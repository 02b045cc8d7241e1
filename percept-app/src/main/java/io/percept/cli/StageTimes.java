package io.percept.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Quantiles of a server's timers over one stretch of a benchmark: the difference of their
 * cumulative histogram buckets (Micrometer's percentile histograms) between {@link #mark} and
 * {@link #describe}. Bucket bounds make the values approximate (the upper bound of the bucket
 * holding the quantile, within about 10 %).
 */
final class StageTimes {

    private final MeterRegistry registry;
    private final Map<String, String> stages;
    private final Map<String, double[]> marked = new LinkedHashMap<>();

    /** @param stages timer name to a label, in the order to describe them */
    StageTimes(MeterRegistry registry, Map<String, String> stages) {
        this.registry = registry;
        this.stages = stages;
    }

    /** Remembers where every timer's buckets stand. */
    void mark() {
        marked.clear();
        stages.keySet().forEach(name -> marked.put(name, counts(name)));
    }

    /** "label p50 x ms, p99 y ms (n)" for every timer that recorded anything since {@link #mark}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> stage : stages.entrySet()) {
            double[] now = counts(stage.getKey());
            double[] before = marked.getOrDefault(stage.getKey(), new double[now.length]);
            double[] bounds = bounds(stage.getKey());
            if (now.length == 0 || bounds.length != now.length) {
                continue;
            }
            double[] delta = new double[now.length];
            for (int i = 0; i < now.length; i++) {
                delta[i] = now[i] - (i < before.length ? before[i] : 0);
            }
            double total = delta[delta.length - 1];
            if (total <= 0) {
                continue;
            }
            text.append(text.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT, "%s p50 %.1f ms, p99 %.1f ms", stage.getValue(),
                    quantile(delta, bounds, 0.5), quantile(delta, bounds, 0.99)));
        }
        return text.toString();
    }

    private static double quantile(double[] cumulative, double[] bounds, double q) {
        double wanted = q * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= wanted) {
                return bounds[i];
            }
        }
        return bounds[bounds.length - 1];
    }

    /** Cumulative counts at the bucket bounds, summed over the timers of that name (all tags). */
    private double[] counts(String name) {
        double[] sum = new double[0];
        for (Timer timer : registry.find(name).timers()) {
            CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
            if (sum.length == 0) {
                sum = new double[buckets.length];
            }
            for (int i = 0; i < Math.min(sum.length, buckets.length); i++) {
                sum[i] += buckets[i].count();
            }
        }
        return sum;
    }

    private double[] bounds(String name) {
        for (Timer timer : registry.find(name).timers()) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            double[] bounds = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            }
            return bounds;
        }
        return new double[0];
    }
}
