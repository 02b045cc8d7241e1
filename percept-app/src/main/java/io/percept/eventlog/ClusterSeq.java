package io.percept.eventlog;

/**
 * Cluster mode's sequence numbers: a Kafka partition and offset in one positive {@code long},
 * {@code (offset + 1) << 10 | partition}. Within a partition they increase with the offset; across
 * partitions they are unique; either part comes back out. Up to {@value #MAX_PARTITIONS} partitions
 * and offsets below 2<sup>53</sup>.
 */
public final class ClusterSeq {

    public static final int MAX_PARTITIONS = 1024;
    private static final int BITS = 10;
    private static final long MAX_OFFSET = (1L << 53) - 1;

    private ClusterSeq() {
    }

    public static long of(int partition, long offset) {
        if (partition < 0 || partition >= MAX_PARTITIONS) {
            throw new IllegalArgumentException("partition must be 0.." + (MAX_PARTITIONS - 1) + ", was " + partition);
        }
        if (offset < 0 || offset >= MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be 0.." + (MAX_OFFSET - 1) + ", was " + offset);
        }
        return (offset + 1) << BITS | partition;
    }

    public static int partition(long seq) {
        return (int) (seq & (MAX_PARTITIONS - 1));
    }

    public static long offset(long seq) {
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive, was " + seq);
        }
        return (seq >>> BITS) - 1;
    }
}
