package io.percept.eventlog.processing;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.ProcessorStatus;
import io.percept.eventlog.Processors;
import io.percept.platform.EmbeddedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a worker thread per registered {@link LogProcessor} once the application context is up,
 * and stops them (each after its current batch) before the log and store close.
 */
public final class ProcessorRunner implements SmartLifecycle, Processors {

    private static final Logger log = LoggerFactory.getLogger(ProcessorRunner.class);

    private final List<ProcessorWorker> workers = new ArrayList<>();
    private final boolean enabled;
    private volatile boolean running;

    public ProcessorRunner(List<LogProcessor> processors, EventLog eventLog, EmbeddedStore store,
            EventLogSettings.Processors settings, MeterRegistry meters) {
        this.enabled = settings.enabled();
        Processors.checkNames(processors.stream().map(processor -> new java.util.AbstractMap.SimpleEntry<>(processor.name(), processor)).toList());
        for (LogProcessor processor : processors) {
            if (enabled) {
                workers.add(new ProcessorWorker(processor, eventLog, store, settings, meters));
            }
        }
    }

    @Override
    public void start() {
        if (!enabled) {
            log.info("Log processors are disabled in this process");
        }
        workers.forEach(ProcessorWorker::start);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (ProcessorWorker worker : workers) {
            try {
                worker.stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops in a later phase) and before the store closes. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public List<ProcessorStatus> statuses() {
        return workers.stream().map(worker -> new ProcessorStatus(worker.name(), worker.state().name(), worker.position(), worker.lagEvents(),
                worker.lagSeconds(), worker.state() == ProcessorWorker.State.REPLAYING ? worker.replayTarget() : 0, worker.lastError(),
                worker.consecutiveFailures())).toList();
    }

    List<ProcessorWorker> workers() {
        return List.copyOf(workers);
    }
}
