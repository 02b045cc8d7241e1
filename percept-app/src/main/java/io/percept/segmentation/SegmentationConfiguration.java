package io.percept.segmentation;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs segments' live membership, in both modes: changed profiles re-evaluated every few hundred
 * milliseconds, Segment Entered / Exited events, periodic full evaluations. The membership itself is
 * wired per mode ({@link EmbeddedMembershipConfiguration}, {@link ClusterMembershipConfiguration});
 * the segments themselves: {@link SegmentsConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class SegmentationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SegmentationConfiguration.class);

    /**
     * Keeps membership up to date (changed profiles every {@code update-interval}) and evaluates every
     * segment in full every {@code recompute-interval}, recording sizes; a daemon thread, stopped with
     * the context after the piece of work under way (its events appended and its members stored, so
     * whoever keeps membership next does not emit them again).
     */
    @Bean(destroyMethod = "close")
    SegmentEvaluations segmentEvaluations(SegmentMembership membership, SegmentationSettings settings) {
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
        return new SegmentEvaluations(executor);
    }

    /** The thread that runs membership. */
    record SegmentEvaluations(ScheduledExecutorService executor) implements AutoCloseable {

        /** Lets the piece of work under way finish (30 s at most), then stops. */
        @Override
        public void close() throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }

    private static void run(Runnable work, String what) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", what, e.toString());
        }
    }
}
