package io.percept.demo;

import io.percept.console.Initiatives;
import io.percept.ingest.EventImports;
import io.percept.ingest.Ingestion;
import java.time.Clock;
import io.percept.ingest.Sources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the demo loader and its live stream. */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

    @Bean
    DemoLoader demoLoader(DemoSettings settings, Sources sources, Ingestion ingestion, EventImports imports, JdbcClient jdbc, Clock clock,
            org.springframework.context.ApplicationEventPublisher events, LiveStream live, ObjectProvider<Initiatives> initiatives) {
        return new DemoLoader(settings, sources, ingestion, imports, jdbc, clock, events, live, initiatives);
    }

    @Bean(destroyMethod = "close")
    LiveStream liveStream(Ingestion ingestion, Clock clock) {
        return new LiveStream(ingestion, clock);
    }

    @Bean
    HealthIndicator demoHealthIndicator(DemoLoader loader) {
        return new DemoHealthIndicator(loader);
    }
}
