package io.percept.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-rule counts and latencies of this process: mirrored to Micrometer
 * ({@code percept_rule_deliveries_total{rule,outcome}}, {@code percept_rule_delivery_seconds{rule}})
 * and kept in memory for {@link Deliveries#stats}.
 */
final class DeliveryMeters {

    private final MeterRegistry registry;
    private final Map<String, RuleMeters> rules = new ConcurrentHashMap<>();

    DeliveryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    RuleMeters of(String ruleId) {
        return rules.computeIfAbsent(ruleId, id -> new RuleMeters(registry, id));
    }

    /** What {@link DeliveryStats} reports of this process's attempts. */
    static final class RuleMeters {

        private final Outcome delivered;
        private final Outcome retried;
        private final Outcome failed;
        private final Outcome dead;
        private final Timer latency;
        private final LatencyHistogram histogram = new LatencyHistogram();

        private RuleMeters(MeterRegistry registry, String ruleId) {
            delivered = new Outcome(registry, ruleId, "delivered");
            retried = new Outcome(registry, ruleId, "retried");
            failed = new Outcome(registry, ruleId, "failed");
            dead = new Outcome(registry, ruleId, "dead");
            latency = Timer.builder("percept.rule.delivery").tag("rule", ruleId)
                    .description("Time from enqueueing a webhook to its receiver's 2xx answer").publishPercentileHistogram().register(registry);
        }

        void delivered(long latencyNanos) {
            delivered.increment();
            latency.record(latencyNanos, TimeUnit.NANOSECONDS);
            histogram.record(latencyNanos);
        }

        void retried() {
            retried.increment();
        }

        void failed() {
            failed.increment();
        }

        void dead() {
            dead.increment();
        }

        DeliveryStats stats(String ruleId, Map<DeliveryStatus, Long> stored) {
            return new DeliveryStats(ruleId, stored, delivered.count(), retried.count(), failed.count(), dead.count(),
                    histogram.percentile(0.50), histogram.percentile(0.99));
        }
    }

    /** A Micrometer counter with an in-memory twin (a registry may drop what it is given). */
    private static final class Outcome {

        private final Counter counter;
        private final LongAdder count = new LongAdder();

        Outcome(MeterRegistry registry, String ruleId, String outcome) {
            counter = Counter.builder("percept.rule.deliveries").tag("rule", ruleId).tag("outcome", outcome)
                    .description("Webhook delivery attempts by outcome").register(registry);
        }

        void increment() {
            counter.increment();
            count.increment();
        }

        long count() {
            return count.sum();
        }
    }

    /** Latencies since start in buckets 5 % wide, from 1 µs to beyond an hour. */
    static final class LatencyHistogram {

        private static final double GROWTH = 1.05;
        private static final double LOG_GROWTH = Math.log(GROWTH);
        private final AtomicLongArray buckets = new AtomicLongArray(480);

        void record(long nanos) {
            double micros = Math.max(1, nanos / 1000.0);
            buckets.incrementAndGet(Math.min(buckets.length() - 1, (int) (Math.log(micros) / LOG_GROWTH)));
        }

        /** The upper bound of the bucket holding the {@code q}-quantile; zero when nothing was recorded. */
        Duration percentile(double q) {
            long total = 0;
            for (int i = 0; i < buckets.length(); i++) {
                total += buckets.get(i);
            }
            if (total == 0) {
                return Duration.ZERO;
            }
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            int bucket = 0;
            while (bucket < buckets.length() - 1 && (seen += buckets.get(bucket)) < rank) {
                bucket++;
            }
            return Duration.ofNanos((long) (Math.pow(GROWTH, bucket + 1) * 1000));
        }
    }
}
