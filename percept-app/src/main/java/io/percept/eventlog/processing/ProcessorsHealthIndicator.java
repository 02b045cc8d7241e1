package io.percept.eventlog.processing;

import io.percept.eventlog.ProcessorStatus;
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
        for (ProcessorStatus processor : runner.statuses()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", processor.state());
            detail.put("position", processor.position());
            detail.put("lagEvents", processor.lagEvents());
            detail.put("lagSeconds", processor.lagSeconds());
            if (processor.replayTarget() > 0) {
                detail.put("replayTarget", processor.replayTarget());
            }
            if (processor.lastError() != null) {
                detail.put("lastError", processor.lastError());
                detail.put("consecutiveFailures", processor.consecutiveFailures());
            }
            details.put(processor.name(), detail);
            if (processor.down()) {
                status = Status.DOWN;
            } else if (processor.catchingUp() && status == Status.UP) {
                status = Status.OUT_OF_SERVICE;
            }
        }
        return Health.status(status).withDetails(details).build();
    }
}
