package io.percept.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes personal data older than its retention period ({@code percept.platform.retention.*};
 * docs/deploy.md, Data retention): every {@code interval} (first after {@code first-run}) it asks
 * each {@link RetainedData} whose kind has a period to remove what is older, primary records before
 * derived ones; logs the counts and counts them in {@code percept_retention_removed_total{data}}.
 * A kind without a period is kept for ever. Thread-safe: one sweep at a time.
 */
public final class RetentionJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final List<RetainedData> data;
    private final PlatformSettings.Retention settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention");
        thread.setDaemon(true);
        return thread;
    });

    RetentionJob(List<RetainedData> data, PlatformSettings.Retention settings, Clock clock, MeterRegistry meters) {
        List<RetainedData> ordered = new ArrayList<>(data);
        ordered.sort(Comparator.comparing((RetainedData one) -> one.kind()).thenComparing(RetainedData::derived));
        this.data = List.copyOf(ordered);
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    void start() {
        if (!settings.any()) {
            return;
        }
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("The retention sweep failed: {}", e.toString());
            }
        }, settings.firstRun().toMillis(), settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Removes now what is older than each period; a failure of one set of records is logged and the
     * others still run.
     *
     * @return per {@link RetainedData#name()}, how many records were removed (kinds without a period are left out)
     */
    public synchronized Map<String, Long> sweep() {
        Instant now = clock.instant();
        Map<String, Long> removed = new LinkedHashMap<>();
        for (RetainedData one : data) {
            Duration period = settings.period(one.kind());
            if (period == null) {
                continue;
            }
            long started = System.nanoTime();
            try {
                long count = one.removeOlderThan(now.minus(period));
                removed.put(one.name(), count);
                Counter.builder("percept.retention.removed").tag("data", one.name()).description("Records removed by the retention job")
                        .register(meters).increment(count);
                if (count > 0) {
                    log.info("Retention: removed {} {} older than {} days in {} ms", count, one.name(), period.toHours() / 24.0,
                            (System.nanoTime() - started) / 1_000_000);
                }
            } catch (RuntimeException e) {
                log.warn("Retention: removing {} older than {} failed: {}", one.name(), period, e.toString());
            }
        }
        return removed;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
