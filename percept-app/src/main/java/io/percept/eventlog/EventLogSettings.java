package io.percept.eventlog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the event log ({@code percept.eventlog.*}).
 *
 * @param groupCommit      when a commit batch closes
 * @param maxPendingEvents events accepted but not yet committed beyond which appends are refused
 *                         with {@link LogOverloadedException} instead of queueing without bound
 * @param tailCacheEvents  newest events kept in memory so processors that keep up never read the
 *                         store (rounded up to a power of two)
 * @param processors       how log processors run
 * @param minFreeDisk      free space the data directory's disk must keep (embedded mode): below it
 *                         appends are refused with {@link LogUnavailableException} (503) until space
 *                         is freed, so the store never meets a full disk (docs/reliability.md,
 *                         Disk full); 0 turns the check off
 */
@ConfigurationProperties("percept.eventlog")
public record EventLogSettings(
        @DefaultValue GroupCommit groupCommit,
        @DefaultValue("200000") int maxPendingEvents,
        @DefaultValue("65536") int tailCacheEvents,
        @DefaultValue Processors processors,
        @DefaultValue("512MB") DataSize minFreeDisk) {

    @ConstructorBinding
    public EventLogSettings {
        if (minFreeDisk.isNegative()) {
            throw new IllegalArgumentException("percept.eventlog.min-free-disk must not be negative, was " + minFreeDisk);
        }
        if (maxPendingEvents < 1) {
            throw new IllegalArgumentException("percept.eventlog.max-pending-events must be positive, was " + maxPendingEvents);
        }
        if (tailCacheEvents < 0) {
            throw new IllegalArgumentException("percept.eventlog.tail-cache-events must be >= 0, was " + tailCacheEvents);
        }
    }

    /** These settings with the default free-disk reserve (for code that runs without Spring). */
    public EventLogSettings(GroupCommit groupCommit, int maxPendingEvents, int tailCacheEvents, Processors processors) {
        this(groupCommit, maxPendingEvents, tailCacheEvents, processors, DEFAULT_MIN_FREE_DISK);
    }

    /** The free space kept by default: room for a checkpoint of a few hundred MB of log. */
    public static final DataSize DEFAULT_MIN_FREE_DISK = DataSize.ofMegabytes(512);

    /** The defaults, for code that runs without Spring (benchmarks, tools, tests). */
    public static EventLogSettings defaults() {
        return new EventLogSettings(new GroupCommit(10_000, Duration.ofMillis(2)), 200_000, 65_536,
                new Processors(true, 5_000, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(200)));
    }

    /**
     * A batch closes when it holds {@code maxEvents} events or {@code maxDelay} after its first
     * request arrived, whichever comes first; a request is never split across batches.
     *
     * @param maxEvents events per commit (at least 1)
     * @param maxDelay  longest wait for more requests before committing (0 commits what is queued at once)
     */
    public record GroupCommit(@DefaultValue("10000") int maxEvents, @DefaultValue("2ms") Duration maxDelay) {

        public GroupCommit {
            if (maxEvents < 1) {
                throw new IllegalArgumentException("percept.eventlog.group-commit.max-events must be positive, was " + maxEvents);
            }
            if (maxDelay.isNegative()) {
                throw new IllegalArgumentException("percept.eventlog.group-commit.max-delay must not be negative, was " + maxDelay);
            }
        }
    }

    /**
     * @param enabled         whether processors run in this process (off for offline commands)
     * @param batchSize       most events handed to a processor at once
     * @param idleWait        how long an idle processor waits for new events before checking again
     * @param maxRetryBackoff the longest pause between retries of a failing batch
     * @param linger          while keeping up, how long a processor lets events gather before it
     *                        handles a batch smaller than {@code batchSize}: fewer, larger store
     *                        transactions under a steady trickle, at most this much added lag
     */
    public record Processors(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5000") int batchSize,
            @DefaultValue("100ms") Duration idleWait,
            @DefaultValue("30s") Duration maxRetryBackoff,
            @DefaultValue("200ms") Duration linger) {

        public Processors {
            if (batchSize < 1) {
                throw new IllegalArgumentException("percept.eventlog.processors.batch-size must be positive, was " + batchSize);
            }
            if (linger.isNegative()) {
                throw new IllegalArgumentException("percept.eventlog.processors.linger must not be negative, was " + linger);
            }
            if (idleWait.isNegative() || idleWait.isZero()) {
                throw new IllegalArgumentException("percept.eventlog.processors.idle-wait must be positive, was " + idleWait);
            }
        }
    }
}
