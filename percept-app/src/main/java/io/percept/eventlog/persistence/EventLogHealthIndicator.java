package io.percept.eventlog.persistence;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the log's writer runs and no store failure has stopped it; reports head and backlog. */
public final class EventLogHealthIndicator implements HealthIndicator {

    private final DuckDbEventLog eventLog;

    public EventLogHealthIndicator(DuckDbEventLog eventLog) {
        this.eventLog = eventLog;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder()
                .withDetail("head", eventLog.head())
                .withDetail("pendingEvents", eventLog.pendingEvents());
        Throwable failure = eventLog.failure();
        if (failure != null) {
            return health.down().withDetail("error", String.valueOf(failure.getMessage())).build();
        }
        String diskShortage = eventLog.diskShortage();
        if (diskShortage != null) {
            return health.down().withDetail("error", diskShortage).build();
        }
        if (!eventLog.isWriterAlive()) {
            return health.down().withDetail("error", "the writer thread is not running").build();
        }
        return health.up().build();
    }
}
