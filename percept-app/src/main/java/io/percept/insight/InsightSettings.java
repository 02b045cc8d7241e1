package io.percept.insight;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of insight ({@code percept.insight.*}).
 *
 * @param zone the business time zone that days are counted in (e.g. {@code Asia/Shanghai}); counts
 *             already made keep the zone they were made in
 */
@ConfigurationProperties("percept.insight")
public record InsightSettings(@DefaultValue("UTC") ZoneId zone) {
}
