package io.percept.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What each rule did since start, for {@code /api/rules/{id}/stats} and Prometheus:
 * {@code percept_rule_firings_total{rule}}, {@code percept_rule_throttled_total{rule}},
 * {@code percept_rule_condition_failed_total{rule}}, {@code percept_rule_skipped_total{rule,reason="no-marketing-consent"}}
 * (firings of marketing rules withheld for a profile without marketing consent, the latest of them kept
 * as records) and {@code percept_rule_fire_latency_seconds{rule}} (from the event's arrival to the
 * firing). Thread-safe.
 */
final class RuleStats {

    private static final int RESERVOIR = 4096;
    /** How many skip records each rule keeps (the newest). */
    static final int SKIPS_KEPT = 100;
    /** The reason of a firing withheld for want of marketing consent. */
    static final String NO_MARKETING_CONSENT = "no-marketing-consent";

    /**
     * A firing that was not acted on, and why.
     *
     * @param profileId 0 when the trigger's profile was not known
     */
    record Skip(String idempotencyKey, long profileId, String reason, java.time.Instant at) {
    }

    private final MeterRegistry meters;
    private final Map<String, PerRule> rules = new ConcurrentHashMap<>();

    RuleStats(MeterRegistry meters) {
        this.meters = meters;
    }

    /** One rule's counters and its latest latencies (a ring of {@value #RESERVOIR}). */
    private final class PerRule {
        final Counter fired;
        final Counter throttled;
        final Counter conditionFailed;
        final Counter skipped;
        final java.util.ArrayDeque<Skip> skips = new java.util.ArrayDeque<>();
        final Timer latency;
        final long[] ring = new long[RESERVOIR];
        int size;
        int next;

        PerRule(String rule) {
            fired = Counter.builder("percept.rule.firings").tag("rule", rule).description("Rule firings (condition held, not throttled)")
                    .register(meters);
            throttled = Counter.builder("percept.rule.throttled").tag("rule", rule).description("Firings the throttle stopped").register(meters);
            conditionFailed = Counter.builder("percept.rule.condition.failed").tag("rule", rule)
                    .description("Triggers whose condition did not hold").register(meters);
            skipped = Counter.builder("percept.rule.skipped").tag("rule", rule).tag("reason", NO_MARKETING_CONSENT)
                    .description("Firings of marketing rules withheld: the profile has no marketing consent").register(meters);
            latency = Timer.builder("percept.rule.fire.latency").tag("rule", rule).description("From the event's arrival to the firing")
                    .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
        }

        synchronized void latency(long micros) {
            ring[next] = micros;
            next = (next + 1) % RESERVOIR;
            size = Math.min(RESERVOIR, size + 1);
        }

        synchronized double quantileMillis(double q) {
            if (size == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(ring, size);
            Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) Math.floor(q * size))] / 1000.0;
        }
    }

    private PerRule of(String rule) {
        return rules.computeIfAbsent(rule, PerRule::new);
    }

    void fired(String rule, long latencyMicros) {
        PerRule stats = of(rule);
        stats.fired.increment();
        long micros = Math.max(0, latencyMicros);
        stats.latency.record(Duration.ofNanos(micros * 1000));
        stats.latency(micros);
    }

    void throttled(String rule) {
        of(rule).throttled.increment();
    }

    void conditionFailed(String rule) {
        of(rule).conditionFailed.increment();
    }

    /** A firing of marketing rule {@code rule} withheld because the profile has no marketing consent. */
    void skippedNoConsent(String rule, String idempotencyKey, long profileId, long atMicros) {
        PerRule stats = of(rule);
        stats.skipped.increment();
        synchronized (stats) {
            if (stats.skips.size() == SKIPS_KEPT) {
                stats.skips.removeFirst();
            }
            stats.skips.addLast(new Skip(idempotencyKey, profileId, NO_MARKETING_CONSENT,
                    java.time.Instant.EPOCH.plus(atMicros, java.time.temporal.ChronoUnit.MICROS)));
        }
    }

    /** The newest skip records of {@code rule} (up to {@value #SKIPS_KEPT}), newest first. */
    java.util.List<Skip> skips(String rule) {
        PerRule stats = of(rule);
        synchronized (stats) {
            java.util.List<Skip> newestFirst = new java.util.ArrayList<>(stats.skips);
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    /** Since start: fired, throttled, condition failed, and the event-to-firing latency p50/p99 of the latest firings in ms. */
    Map<String, Object> since(String rule) {
        PerRule stats = of(rule);
        Map<String, Object> since = new LinkedHashMap<>();
        since.put("fired", (long) stats.fired.count());
        since.put("throttled", (long) stats.throttled.count());
        since.put("conditionFailed", (long) stats.conditionFailed.count());
        since.put("skippedNoConsent", (long) stats.skipped.count());
        since.put("fireLatencyP50Ms", stats.quantileMillis(0.5));
        since.put("fireLatencyP99Ms", stats.quantileMillis(0.99));
        since.put("meanFireLatencyMs", stats.latency.count() == 0 ? Double.NaN : stats.latency.mean(TimeUnit.MILLISECONDS));
        return since;
    }
}
