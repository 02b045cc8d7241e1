package io.percept.segmentation;

import io.percept.eventlog.EventLog;
import io.percept.profile.Profiles;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires segments' live membership on the embedded store: changed profiles re-evaluated every few
 * hundred milliseconds, Segment Entered / Exited events, periodic full evaluations (the segments
 * themselves: {@link SegmentsConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@io.percept.platform.EmbeddedOnly
class SegmentationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SegmentationConfiguration.class);

    @Bean
    SegmentMembership segmentMembership(Segments segments, Profiles profiles, EventLog eventLog, JdbcClient jdbc, Clock clock) {
        SegmentMembership membership = new SegmentMembership(segments, profiles, eventLog, jdbc, clock);
        membership.listen();
        return membership;
    }

    /**
     * Keeps membership up to date (changed profiles every {@code update-interval}) and evaluates every
     * segment in full every {@code recompute-interval}, recording sizes; a daemon thread, stopped with the context.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService segmentEvaluations(SegmentMembership membership, SegmentationSettings settings) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "percept-segments");
            thread.setDaemon(true);
            return thread;
        });
        long update = settings.updateInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> run(membership::update, "Updating segment membership"), update, update, TimeUnit.MILLISECONDS);
        long millis = settings.recomputeInterval().toMillis();
        if (millis > 0) {
            executor.scheduleWithFixedDelay(() -> run(membership::recomputeAll, "Evaluating the segments"), millis, millis, TimeUnit.MILLISECONDS);
        }
        return executor;
    }

    private static void run(Runnable work, String what) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", what, e.toString());
        }
    }
}
