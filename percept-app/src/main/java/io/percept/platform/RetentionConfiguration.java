package io.percept.platform;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the retention job over every module's {@link RetainedData}. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    RetentionJob retentionJob(List<RetainedData> data, PlatformSettings settings, Clock clock, MeterRegistry meters) {
        return new RetentionJob(data, settings.retention(), clock, meters);
    }
}
