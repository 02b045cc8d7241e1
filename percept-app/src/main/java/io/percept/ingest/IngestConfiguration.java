package io.percept.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.EventStore;
import io.percept.eventlog.PartitionedLog;
import io.percept.ingest.dedup.RecentMessageIds;
import io.percept.ingest.domain.SourceSpec;
import io.percept.ingest.domain.WriteKeySpecs;
import io.percept.ingest.connectors.MqttConnector;
import io.percept.ingest.imports.FileImporter;
import io.percept.ingest.persistence.SourceRecords;
import io.percept.platform.PersonalData;
import io.percept.platform.PlatformSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires ingest: sources (applying {@code PERCEPT_WRITE_KEYS}), deduplication, counters, CORS for browsers. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    Sources sources(JdbcClient jdbc, IngestSettings settings, Clock clock) {
        List<SourceSpec> declared = WriteKeySpecs.parse(settings.writeKeys());
        Sources sources = new Sources(new SourceRecords(jdbc), clock);
        declared.forEach(sources::ensure);
        return sources;
    }

    /** Cluster mode: sources and webhook mappings created or changed through another instance are picked up within seconds. */
    @Bean(destroyMethod = "shutdownNow")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = io.percept.platform.Mode.PROPERTY, havingValue = "cluster")
    java.util.concurrent.ScheduledExecutorService sourcesRefresh(Sources sources, Webhooks webhooks) {
        java.util.concurrent.ScheduledExecutorService refresh = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sources-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresh.scheduleWithFixedDelay(() -> {
            try {
                sources.refresh();
                webhooks.refresh();
            } catch (RuntimeException e) {
                log.warn("Reloading sources failed, will retry: {}", e.getMessage());
            }
        }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        return refresh;
    }

    /** The ids of the last window, rebuilt from the log so deduplication survives restarts. */
    @Bean
    RecentMessageIds recentMessageIds(EventStore eventLog, IngestSettings settings, Clock clock, MeterRegistry meters) {
        RecentMessageIds ids = new RecentMessageIds(settings.dedup().window(), settings.dedup().maxEntries());
        if (ids.enabled()) {
            long started = System.nanoTime();
            Instant now = clock.instant();
            eventLog.forEachMessageId(now.minus(settings.dedup().window()), (source, messageId, receivedAt) ->
                    ids.remember(RecentMessageIds.fingerprint(source, messageId), receivedAt, now));
            if (ids.size() > 0) {
                log.info("Deduplication: {} message ids of the last {} loaded in {} ms", ids.size(), settings.dedup().window(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        Gauge.builder("percept.ingest.dedup.ids", ids, RecentMessageIds::size).description("Message ids remembered for deduplication")
                .register(meters);
        Gauge.builder("percept.ingest.dedup.evicted.early", ids, RecentMessageIds::evictedEarly)
                .description("Ids forgotten before their window ended (max-entries reached)").register(meters);
        return ids;
    }

    @Bean(destroyMethod = "close")
    IngestCounters ingestCounters(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters) {
        IngestCounters counters = new IngestCounters(jdbc, transactions, meters);
        counters.start(Duration.ofSeconds(5));
        return counters;
    }

    @Bean
    Ingestion ingestion(PartitionedLog eventLog, RecentMessageIds recentMessageIds, IngestCounters counters, Clock clock) {
        return new Ingestion(eventLog, recentMessageIds, counters, clock);
    }

    @Bean
    EventImports eventImports(PartitionedLog eventLog, EventStore events, IngestSettings settings, Clock clock, IngestCounters counters) {
        return new EventImports(new FileImporter(eventLog, events, clock, settings.imports()), counters);
    }

    /** Rejected import rows that name a person: exported and erased with them (files, not tables). */
    @Bean
    PersonalData rejectedRowsPersonalData(ImportJobs jobs) {
        return new PersonalData() {
            @Override
            public List<Table> tables() {
                return List.of();
            }

            @Override
            public Map<String, List<Object>> elsewhere(Person person) {
                return jobs.rejectsAbout(person);
            }

            @Override
            public void erased(Person person) {
                jobs.eraseRejects(person);
            }
        };
    }

    @Bean(destroyMethod = "close")
    ImportJobs importJobs(EventImports imports, Sources sources, JdbcClient jdbc, PlatformSettings platform, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        return new ImportJobs(imports, sources, jdbc, platform.dataDir(), clock, events);
    }

    /** Finished import jobs are kept for {@code percept.platform.retention.imports} (docs/deploy.md, Data retention). */
    @Bean
    io.percept.platform.RetainedData expiringImports(ImportJobs jobs) {
        return io.percept.platform.RetainedData.of(io.percept.platform.RetainedData.Kind.IMPORTS, "import_jobs", jobs::removeFinishedBefore);
    }

    @Bean
    Webhooks webhooks(JdbcClient jdbc, Sources sources, Clock clock) {
        return new Webhooks(jdbc, sources, clock);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    MqttConnector mqttConnector(IngestSettings settings, Sources sources, Ingestion ingestion, Clock clock) {
        return new MqttConnector(settings.mqtt(), sources, ingestion, clock);
    }

    /** Browsers may call the tracking API from any origin: write keys are public by design. */
    @Bean
    WebMvcConfigurer trackingCors() {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                registry.addMapping("/v1/**").allowedOriginPatterns("*").allowedMethods("POST", "OPTIONS").allowedHeaders("*")
                        .maxAge(86_400);
            }
        };
    }
}
