package io.percept.segmentation;

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

/** Wires segments and their periodic evaluation. */
@Configuration(proxyBeanMethods = false)
class SegmentationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SegmentationConfiguration.class);

    @Bean
    Segments segments(JdbcClient jdbc, Profiles profiles, Clock clock) {
        return new Segments(jdbc, profiles, clock);
    }

    /** Evaluates every segment every {@code recompute-interval}, recording sizes; a daemon thread, stopped with the context. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService segmentEvaluations(Segments segments, SegmentationSettings settings) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "percept-segments");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.recomputeInterval().toMillis();
        if (millis > 0) {
            executor.scheduleWithFixedDelay(() -> {
                try {
                    int evaluated = segments.evaluateAll();
                    if (evaluated > 0) {
                        log.debug("Evaluated {} segments", evaluated);
                    }
                } catch (RuntimeException e) {
                    log.warn("Evaluating the segments failed: {}", e.toString());
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
        return executor;
    }
}
