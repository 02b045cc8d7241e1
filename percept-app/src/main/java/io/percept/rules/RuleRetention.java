package io.percept.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the rules' records from growing without end: every hour (first one minute after start) it
 * deletes firings older than {@code percept.rules.retention} whose actions were handed on, and
 * delivered webhooks created before then. Dead deliveries (the dead letter) and alerts stay until
 * someone deals with them.
 */
final class RuleRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuleRetention.class);

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rule-retention");
        thread.setDaemon(true);
        return thread;
    });

    RuleRetention(JdbcClient jdbc, Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Deleting old rule firings and deliveries failed: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    /**
     * Deletes what is older than the retention.
     *
     * @return the firings and the deliveries deleted
     */
    long[] sweep() {
        LocalDateTime before = LocalDateTime.ofInstant(clock.instant().minus(retention), ZoneOffset.UTC);
        int firings = jdbc.sql("DELETE FROM rule_firings WHERE fired_at < ? AND seq <= (SELECT max(position) FROM rule_dispatch)").params(before)
                .update();
        int deliveries = jdbc.sql("DELETE FROM rule_deliveries WHERE status = 'delivered' AND created_at < ?").params(before).update();
        if (firings + deliveries > 0) {
            log.info("Deleted {} rule firings and {} delivered webhooks older than {}", firings, deliveries, retention);
        }
        return new long[] {firings, deliveries};
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
