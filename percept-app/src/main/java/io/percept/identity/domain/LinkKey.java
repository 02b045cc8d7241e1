package io.percept.identity.domain;

/**
 * Where an event stands in the canonical order the identity rules are applied in: its own time,
 * then a hash of its source and message id. The order the events arrive in does not matter.
 *
 * @param micros event time, microseconds since the epoch
 * @param tie    a hash of source and message id that orders events of the same time
 */
public record LinkKey(long micros, long tie) implements Comparable<LinkKey> {

    @Override
    public int compareTo(LinkKey other) {
        int byTime = Long.compare(micros, other.micros);
        return byTime != 0 ? byTime : Long.compare(tie, other.tie);
    }

    boolean isBefore(LinkKey other) {
        return compareTo(other) < 0;
    }
}
