package io.percept.insight;

import io.percept.eventlog.LogProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires insight's processors and queries. */
@Configuration(proxyBeanMethods = false)
class InsightConfiguration {

    @Bean
    LogProcessor eventCountsProcessor(InsightSettings settings) {
        return new EventCountsProcessor(settings.zone());
    }

    @Bean
    LogProcessor activityDaysProcessor(InsightSettings settings) {
        return new ActivityDaysProcessor(settings.zone());
    }

    @Bean
    ActivityDays activityDays(JdbcClient jdbc) {
        return new ActivityDays(jdbc);
    }

    @Bean
    EventCounts eventCounts(JdbcClient jdbc) {
        return new EventCounts(jdbc);
    }
}
