package io.percept.segmentation;

import io.percept.profile.ProfileReader;
import io.percept.profile.ProfileSettings;
import io.percept.profile.ProfilingConsented;
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

    /** Segments over the profiles that allow profiling (docs/segments.md, Consent): segmenting by behaviour is profiling. */
    @Bean
    Segments segments(JdbcClient jdbc, ProfileReader profiles, Clock clock, ProfileSettings profileSettings) {
        return new Segments(jdbc, new ProfilingConsented(profiles, profileSettings.consent()), clock);
    }
}
