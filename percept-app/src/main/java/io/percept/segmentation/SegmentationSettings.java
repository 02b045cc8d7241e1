package io.percept.segmentation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of segments ({@code percept.segmentation.*}).
 *
 * @param recomputeInterval how often every segment is evaluated over all profiles and its size
 *                          recorded (0 to never; sizes are then recorded on demand only)
 */
@ConfigurationProperties("percept.segmentation")
public record SegmentationSettings(@DefaultValue("5m") Duration recomputeInterval) {
}
