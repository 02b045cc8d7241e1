package io.percept.rules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the rules' webhook deliveries ({@code percept.rules.delivery.*}).
 *
 * @param workerThreads   threads posting to one destination (scheme, host and port); started on demand
 * @param maxQueued       deliveries one destination holds in memory (queued, in flight or waiting for a
 *                        retry); more wait in the store and are read back as the queue drains
 * @param timeout         the default limit of an attempt
 * @param maxAttempts     the default attempts before a delivery is dead
 * @param backoffBase     the retry delay's ceiling after the first failure; it doubles with each failure
 * @param backoffMax      the largest retry delay, also the cap of a receiver's {@code Retry-After}
 * @param signatureHeader the name of the signature header
 * @param idleTimeout     a destination's threads stop after this long without work
 * @param sweepInterval   how often the store is read for due deliveries not held in memory
 * @param flushInterval   how often attempt outcomes are written to the store, in one batch
 */
@ConfigurationProperties("percept.rules.delivery")
public record DeliverySettings(
        @DefaultValue("4") int workerThreads,
        @DefaultValue("10000") int maxQueued,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("500ms") Duration backoffBase,
        @DefaultValue("5m") Duration backoffMax,
        @DefaultValue("Percept-Signature") String signatureHeader,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("50ms") Duration flushInterval) {

    public DeliverySettings {
        require(workerThreads >= 1 && workerThreads <= 64, "worker-threads must be 1 to 64, was " + workerThreads);
        require(maxQueued >= 1, "max-queued must be at least 1, was " + maxQueued);
        require(positive(timeout), "timeout must be positive, was " + timeout);
        require(maxAttempts >= 1 && maxAttempts <= 100, "max-attempts must be 1 to 100, was " + maxAttempts);
        require(positive(backoffBase), "backoff-base must be positive, was " + backoffBase);
        require(positive(backoffMax) && backoffMax.compareTo(backoffBase) >= 0, "backoff-max must be at least backoff-base, was " + backoffMax);
        require(signatureHeader != null && signatureHeader.matches("[A-Za-z0-9-]{1,64}"), "signature-header must be a header name, was " + signatureHeader);
        require(positive(idleTimeout), "idle-timeout must be positive, was " + idleTimeout);
        require(positive(sweepInterval), "sweep-interval must be positive, was " + sweepInterval);
        require(positive(flushInterval), "flush-interval must be positive, was " + flushInterval);
    }

    /** The defaults, for tests and tools. */
    static DeliverySettings defaults() {
        return new DeliverySettings(1, 1000, Duration.ofSeconds(5), 8, Duration.ofMillis(500), Duration.ofMinutes(5), "Percept-Signature",
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(50));
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("percept.rules.delivery." + message);
        }
    }
}
