package io.percept.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waiting in tests for something another thread does (a processor, a delivery, a job), with Awaitility. */
public final class Waits {

    private Waits() {
    }

    /** Waits up to a minute for {@code condition}, asking every 50 ms; fails naming {@code what}. */
    public static void waitFor(BooleanSupplier condition, String what) {
        waitFor(condition, what, Duration.ofMinutes(1));
    }

    /** Waits up to {@code timeout} for {@code condition}, asking every 50 ms; fails naming {@code what}. */
    public static void waitFor(BooleanSupplier condition, String what, Duration timeout) {
        Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
