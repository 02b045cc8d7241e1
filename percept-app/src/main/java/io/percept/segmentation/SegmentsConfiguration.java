package io.percept.segmentation;

import io.percept.profile.ProfileReader;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires segments, in both modes: definitions, previews, evaluations and sizes over the profiles of
 * the mode ({@link ProfileReader}). Live membership and its events: {@link SegmentationConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class SegmentsConfiguration {

    @Bean
    Segments segments(JdbcClient jdbc, ProfileReader profiles, Clock clock) {
        return new Segments(jdbc, profiles, clock);
    }
}
