package io.percept.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo ({@code percept.demo.*}); {@code percept demo} turns loading on.
 *
 * @param load      whether to load the demo data at start (once per seed and size)
 * @param customers how many customers
 * @param days      how many days of history, ending now
 * @param seed      the random seed; the same seed gives the same customers and events
 */
@ConfigurationProperties("percept.demo")
public record DemoSettings(
        @DefaultValue("false") boolean load,
        @DefaultValue("300") int customers,
        @DefaultValue("90") int days,
        @DefaultValue("42") long seed) {

    public DemoSettings {
        if (customers < 1 || customers > 1_000_000) {
            throw new IllegalArgumentException("percept.demo.customers must be between 1 and 1000000, was " + customers);
        }
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("percept.demo.days must be between 1 and 3650, was " + days);
        }
    }
}
