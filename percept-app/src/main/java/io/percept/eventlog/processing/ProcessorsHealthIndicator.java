package io.percept.eventlog.processing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness of the log processors: UP once every processor has caught up with the events that
 * were in the log when it started; OUT_OF_SERVICE while any is still starting or replaying; DOWN
 * when one has stopped or failed {@value ProcessorWorker#FAILING_AFTER} batches in a row. Details
 * give each processor's state, position and lag.
 */
public final class ProcessorsHealthIndicator implements HealthIndicator {

    private final ProcessorRunner runner;

    public ProcessorsHealthIndicator(ProcessorRunner runner) {
        this.runner = runner;
    }

    @Override
    public Health health() {
        if (!runner.isEnabled()) {
            return Health.up().withDetail("enabled", false).build();
        }
        Status status = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (ProcessorWorker worker : runner.workers()) {
            ProcessorWorker.State state = worker.state();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", state.name());
            detail.put("position", worker.position());
            detail.put("lagEvents", worker.lagEvents());
            detail.put("lagSeconds", worker.lagSeconds());
            if (state == ProcessorWorker.State.REPLAYING) {
                detail.put("replayTarget", worker.replayTarget());
            }
            if (worker.lastError() != null) {
                detail.put("lastError", worker.lastError());
                detail.put("consecutiveFailures", worker.consecutiveFailures());
            }
            details.put(worker.name(), detail);
            if (state == ProcessorWorker.State.FAILING || state == ProcessorWorker.State.STOPPED) {
                status = Status.DOWN;
            } else if ((state == ProcessorWorker.State.STARTING || state == ProcessorWorker.State.REPLAYING) && status == Status.UP) {
                status = Status.OUT_OF_SERVICE;
            }
        }
        return Health.status(status).withDetails(details).build();
    }
}
