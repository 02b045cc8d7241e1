package io.percept.demo;

import io.percept.demo.world.World;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo ({@code percept.demo.*}); {@code percept demo} turns loading on.
 *
 * @param load      whether to load the demo data at start (once per seed and size)
 * @param customers how many customers
 * @param days      how many days of history, ending now
 * @param seed      the random seed; the same seed (and size, days and end) gives the same events
 * @param end       the day after the history's last day; {@code null} for today in China
 * @param liveRate  live messages a second from the world's customers once the history is loaded
 *                  (carts, orders, negative reviews, complaints, device errors), for the example
 *                  rules to act on; 0 for none (0 to 1000)
 */
@ConfigurationProperties("percept.demo")
public record DemoSettings(
        @DefaultValue("false") boolean load,
        @DefaultValue("10000") int customers,
        @DefaultValue("365") int days,
        @DefaultValue("42") long seed,
        LocalDate end,
        @DefaultValue("4") double liveRate) {

    public DemoSettings {
        if (!(liveRate >= 0 && liveRate <= 1000)) {
            throw new IllegalArgumentException("percept.demo.live-rate must be 0 to 1000 messages a second, was " + liveRate);
        }
        try {
            new World.Settings(seed, customers, days, end != null ? end : LocalDate.EPOCH);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("percept.demo: " + e.getMessage(), e);
        }
    }
}
