package io.percept.eventlog;

/**
 * Proof that appended events are durable: they hold the sequence numbers
 * {@code firstSeq..lastSeq}, in the order given. For an empty append {@code count} is 0 and
 * {@code firstSeq > lastSeq}.
 */
public record AppendReceipt(long firstSeq, long lastSeq, int count) {

    public AppendReceipt {
        if (count < 0 || (count > 0 && lastSeq - firstSeq + 1 != count)) {
            throw new IllegalArgumentException("inconsistent receipt " + firstSeq + ".." + lastSeq + " for " + count + " events");
        }
    }

    /** The sequence number of the {@code index}-th appended event. */
    public long seqOf(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " of " + count);
        }
        return firstSeq + index;
    }
}
