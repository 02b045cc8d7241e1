package io.percept.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How fast events reach the log: the log's head sampled every few seconds, kept for the last
 * {@link #KEPT}, so a rate over the last minute or quarter-hour costs nothing to read. Rates start
 * with the process: right after a start they cover less than their window (or are unknown).
 */
final class IngestRate implements AutoCloseable {

    static final Duration KEPT = Duration.ofMinutes(15);

    private record Sample(Instant at, long head) {
    }

    private final LongSupplier head;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private ScheduledExecutorService sampler;

    IngestRate(LongSupplier head, Clock clock) {
        this.head = head;
        this.clock = clock;
    }

    /** Starts sampling every {@code every} on a daemon thread. */
    void start(Duration every) {
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-ingest-rate");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sample, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes a sample now and forgets those older than {@link #KEPT}. */
    synchronized void sample() {
        Instant now = clock.instant();
        samples.addLast(new Sample(now, head.getAsLong()));
        while (samples.size() > 2 && samples.peekFirst().at().isBefore(now.minus(KEPT))) {
            samples.removeFirst();
        }
    }

    /**
     * Events per second over (about) the last {@code window}: from the oldest sample inside it to the
     * newest; null while fewer than two samples span it.
     */
    synchronized Double perSecond(Duration window) {
        if (samples.size() < 2) {
            return null;
        }
        Sample newest = samples.peekLast();
        Instant since = newest.at().minus(window);
        Sample oldest = samples.stream().filter(sample -> !sample.at().isBefore(since)).findFirst().orElse(newest);
        double seconds = Duration.between(oldest.at(), newest.at()).toMillis() / 1000.0;
        return seconds <= 0 ? null : (newest.head() - oldest.head()) / seconds;
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
