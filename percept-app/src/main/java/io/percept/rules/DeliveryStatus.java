package io.percept.rules;

/** Where a stored delivery stands. */
public enum DeliveryStatus {
    /** Waiting for its first attempt or a retry. */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** The dead letter: attempts exhausted, or the receiver refused it (a 4xx other than 408 and 429); see {@link Deliveries#replay}. */
    DEAD;

    String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static DeliveryStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
