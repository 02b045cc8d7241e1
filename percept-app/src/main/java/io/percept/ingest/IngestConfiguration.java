package io.percept.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.EventLog;
import io.percept.ingest.domain.SourceSpec;
import io.percept.ingest.domain.WriteKeySpecs;
import io.percept.ingest.imports.JsonLinesImporter;
import io.percept.ingest.persistence.SourceRecords;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires ingest and applies {@code PERCEPT_WRITE_KEYS} before anything can write. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean
    Sources sources(JdbcClient jdbc, IngestSettings settings, Clock clock) {
        List<SourceSpec> declared = WriteKeySpecs.parse(settings.writeKeys());
        Sources sources = new Sources(new SourceRecords(jdbc), clock);
        declared.forEach(sources::ensure);
        return sources;
    }

    @Bean
    Ingestion ingestion(EventLog eventLog, MeterRegistry meters, Clock clock) {
        return new Ingestion(eventLog, clock, meters);
    }

    @Bean
    EventImports eventImports(EventLog eventLog, IngestSettings settings, Clock clock) {
        return new EventImports(new JsonLinesImporter(eventLog, clock, settings.imports()));
    }
}
