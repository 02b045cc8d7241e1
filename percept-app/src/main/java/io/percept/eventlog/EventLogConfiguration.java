package io.percept.eventlog;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.eventlog.persistence.EventLogHealthIndicator;
import io.percept.eventlog.processing.ProcessorRunner;
import io.percept.eventlog.processing.ProcessorsHealthIndicator;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.RetainedData;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the embedded event log, its processor runner and their health checks. */
@Configuration(proxyBeanMethods = false)
@io.percept.platform.EmbeddedOnly
class EventLogConfiguration {

    @Bean(destroyMethod = "close")
    DuckDbEventLog eventLog(EmbeddedStore store, EventLogSettings settings, MeterRegistry meters) {
        return new DuckDbEventLog(store, settings, meters);
    }

    @Bean
    ProcessorRunner processorRunner(List<LogProcessor> processors, DuckDbEventLog eventLog, EmbeddedStore store,
            EventLogSettings settings, MeterRegistry meters) {
        return new ProcessorRunner(processors, eventLog, store, settings.processors(), meters);
    }

    /** The events older than {@code percept.platform.retention.events} leave the log (the newest event always stays). */
    @Bean
    RetainedData expiringEvents(DuckDbEventLog eventLog) {
        return RetainedData.of(RetainedData.Kind.EVENTS, "event_log", eventLog::expire);
    }

    @Bean
    EventLogHealthIndicator eventLogHealthIndicator(DuckDbEventLog eventLog) {
        return new EventLogHealthIndicator(eventLog);
    }

    @Bean
    ProcessorsHealthIndicator processorsHealthIndicator(ProcessorRunner runner) {
        return new ProcessorsHealthIndicator(runner);
    }
}
