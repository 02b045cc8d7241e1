package io.percept.demo;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The demo load's progress in {@code /actuator/health} (component {@code demo}): always UP — a
 * demo that failed to load leaves Percept itself healthy — with the phase, what it is doing,
 * customers generated and events stored.
 */
final class DemoHealthIndicator implements HealthIndicator {

    private final DemoLoader loader;

    DemoHealthIndicator(DemoLoader loader) {
        this.loader = loader;
    }

    @Override
    public Health health() {
        DemoLoader.Progress progress = loader.progress();
        return Health.up().withDetail("phase", progress.phase()).withDetail("detail", progress.detail())
                .withDetail("customers", progress.customers()).withDetail("stored", progress.stored()).build();
    }
}
