package io.percept.rules;

import java.time.Instant;

/**
 * An attempt's outcome on its way to the store. {@code release}: once written, the delivery is no
 * longer held in memory and the store's sweep may pick it up again. A change with no status only
 * releases.
 */
record StatusChange(long id, DeliveryStatus status, int attempts, Instant nextAttemptAt, Instant deliveredAt, Integer code, String error,
        boolean release) {

    static StatusChange releaseOnly(long id) {
        return new StatusChange(id, null, 0, null, null, null, null, true);
    }

    boolean releasesOnly() {
        return status == null;
    }
}
