package io.percept.segmentation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of segments ({@code percept.segmentation.*}).
 *
 * @param recomputeInterval how often every segment is evaluated over all profiles, its size recorded
 *                          and its members stored (0 to never)
 * @param updateInterval    how often the profiles changed since are evaluated for entering or leaving
 */
@ConfigurationProperties("percept.segmentation")
public record SegmentationSettings(@DefaultValue("5m") Duration recomputeInterval, @DefaultValue("250ms") Duration updateInterval) {

    public SegmentationSettings {
        if (updateInterval.isZero() || updateInterval.isNegative()) {
            throw new IllegalArgumentException("percept.segmentation.update-interval must be positive, was " + updateInterval);
        }
    }
}
