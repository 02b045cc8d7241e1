package io.percept.insight;

import io.percept.eventlog.LogProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires insight's processor and queries. */
@Configuration(proxyBeanMethods = false)
class InsightConfiguration {

    @Bean
    LogProcessor eventCountsProcessor(InsightSettings settings) {
        return new EventCountsProcessor(settings.zone());
    }

    @Bean
    EventCounts eventCounts(JdbcClient jdbc) {
        return new EventCounts(jdbc);
    }
}
