package io.percept.prediction;

import io.percept.eventlog.PartitionedLog;
import io.percept.profile.ProfileReader;
import io.percept.profile.ProfileSettings;
import io.percept.profile.ScoredProfiles;
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
 * Wires the prediction runs in both modes: the facade, the newest scores read back at start, and the
 * scheduler thread (the store that differs: {@link EmbeddedPredictionConfiguration},
 * {@link ClusterPredictionConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class PredictionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PredictionConfiguration.class);

    @Bean
    Predictions predictions(JdbcClient jdbc, PredictionStore store, ScoredProfiles profiles, PartitionedLog log, ProfileSettings profileSettings,
            PredictionSettings settings, io.percept.segmentation.Segments segments, Clock clock) {
        Predictions predictions = new Predictions(jdbc, store, profiles, log, profileSettings, settings, segments, clock);
        predictions.loadLatest();
        return predictions;
    }

    @Bean
    SegmentComparisons segmentComparisons(ProfileReader profiles, io.percept.segmentation.Segments segments, Clock clock) {
        return new SegmentComparisons(profiles, segments, clock);
    }

    /** Refreshes the models after a bulk load of history (an import, the demo world). */
    @Bean
    HistoryListener predictionHistoryListener(Predictions predictions) {
        return new HistoryListener(predictions);
    }

    /** Hands {@link io.percept.platform.HistoryLoading} and {@link io.percept.platform.HistoryLoaded} events to the predictions. */
    static final class HistoryListener {

        private final Predictions predictions;

        HistoryListener(Predictions predictions) {
            this.predictions = predictions;
        }

        @org.springframework.context.event.EventListener
        void onHistoryLoading(io.percept.platform.HistoryLoading started) {
            predictions.historyLoading(started);
        }

        @org.springframework.context.event.EventListener
        void onHistoryLoaded(io.percept.platform.HistoryLoaded loaded) {
            predictions.historyLoaded(loaded);
        }
    }

    /** One daemon thread runs the models (scheduled or requested); a tick every 10 s decides whether a scheduled run is due. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService predictionRuns(Predictions predictions) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "percept-prediction");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                predictions.tick(executor);
            } catch (RuntimeException e) {
                log.warn("Scheduling a prediction run failed: {}", e.toString());
            }
        }, 10, 10, TimeUnit.SECONDS);
        return executor;
    }
}
