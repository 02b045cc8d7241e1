package io.percept.rules;

import java.time.Duration;
import java.util.Map;

/**
 * A rule's deliveries: what is in the store now, and the attempts and latencies of this process
 * since it started.
 *
 * @param stored    stored deliveries by status
 * @param delivered attempts answered 2xx since start
 * @param retried   failed attempts followed by a retry
 * @param failed    attempts the receiver refused (a 4xx other than 408 and 429): dead at once
 * @param dead      failed attempts that were the last allowed
 * @param p50       median latency from enqueue to a 2xx answer ({@link Duration#ZERO} before the first), within 5 %
 * @param p99       99th percentile of that latency, within 5 %
 */
public record DeliveryStats(String ruleId, Map<DeliveryStatus, Long> stored, long delivered, long retried, long failed, long dead, Duration p50,
        Duration p99) {

    public DeliveryStats {
        stored = Map.copyOf(stored);
    }
}
