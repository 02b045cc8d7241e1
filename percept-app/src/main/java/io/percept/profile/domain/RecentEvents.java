package io.percept.profile.domain;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A profile's newest events (at most {@value #CAPACITY}, by event time): when (to the second), their
 * name, type and channel, one {@code long} each — enough to count "3 Product Viewed in the last 7
 * days" without the event log. Keeping the newest by time, ties broken by name, type and channel,
 * makes it order-independent and mergeable. Not thread-safe.
 */
final class RecentEvents {

    static final int CAPACITY = 64;
    private static final EventType[] TYPES = EventType.values();
    private static final Channel[] CHANNELS = Channel.values();
    /** Bits of an entry, low to high: channel, type, name code, seconds since the epoch. */
    private static final int CHANNEL_BITS = 4;
    private static final int TYPE_BITS = 3;
    private static final int NAME_BITS = EventNames.BITS;
    private static final int NAME_SHIFT = CHANNEL_BITS + TYPE_BITS;
    private static final int TIME_SHIFT = NAME_SHIFT + NAME_BITS;
    private static final long MAX_SECONDS = (1L << (64 - TIME_SHIFT)) - 1;

    static {
        if (TYPES.length > 1 << TYPE_BITS || CHANNELS.length > 1 << CHANNEL_BITS || TIME_SHIFT > 30) {
            throw new ExceptionInInitializerError("event types, channels or names no longer fit an entry");
        }
    }

    /** Packed entries, unordered; grown by half as needed, so a profile with 3 events holds 3 longs. */
    private long[] entries = new long[2];
    private int size;

    /** Adds an event ({@code name} may be null); when full, it replaces the oldest if it is newer. */
    void add(long micros, String name, EventType type, Channel channel) {
        long seconds = Math.max(0, Math.min(MAX_SECONDS, Math.floorDiv(micros, 1_000_000L)));
        add(seconds << TIME_SHIFT | (long) EventNames.code(name) << NAME_SHIFT | (long) type.ordinal() << CHANNEL_BITS | channel.ordinal());
    }

    private void add(long entry) {
        if (size == entries.length && size < CAPACITY) {
            entries = Arrays.copyOf(entries, Math.min(CAPACITY, size + Math.max(1, size / 2)));
        }
        if (size < CAPACITY) {
            entries[size++] = entry;
            return;
        }
        int oldest = 0;
        for (int i = 1; i < size; i++) {
            if (compare(entries[i], entries[oldest]) < 0) {
                oldest = i;
            }
        }
        if (compare(entry, entries[oldest]) > 0) {
            entries[oldest] = entry;
        }
    }

    /** Time first; at the same second by name text (not its process-local code), then type and channel. */
    private static int compare(long a, long b) {
        int byTime = Long.compare(a >>> TIME_SHIFT, b >>> TIME_SHIFT);
        if (byTime != 0) {
            return byTime;
        }
        int byName = EventNames.compare(nameCode(a), nameCode(b));
        return byName != 0 ? byName : Long.compare(a & ((1L << NAME_SHIFT) - 1), b & ((1L << NAME_SHIFT) - 1));
    }

    private static int nameCode(long entry) {
        return (int) (entry >>> NAME_SHIFT) & ((1 << NAME_BITS) - 1);
    }

    void mergeFrom(RecentEvents other) {
        for (int i = 0; i < other.size; i++) {
            add(other.entries[i]);
        }
    }

    /**
     * Events at or after {@code sinceMicros} (compared to the second) with this name (ignoring case),
     * type and channel; a null filter matches any.
     */
    int since(long sinceMicros, String name, EventType type, Channel channel) {
        long since = Math.floorDiv(sinceMicros, 1_000_000L);
        int code = 0;
        if (name != null) {
            code = EventNames.lookup(name);
            if (code == 0) {
                return 0;
            }
        }
        int count = 0;
        for (int i = 0; i < size; i++) {
            long entry = entries[i];
            if (entry >>> TIME_SHIFT >= since && (name == null || nameCode(entry) == code)
                    && (type == null || (int) (entry >>> CHANNEL_BITS & ((1 << TYPE_BITS) - 1)) == type.ordinal())
                    && (channel == null || (int) (entry & ((1 << CHANNEL_BITS) - 1)) == channel.ordinal())) {
                count++;
            }
        }
        return count;
    }

    /** Whether {@code since} may be missing events: the window reaches before the oldest kept event of a full buffer. */
    boolean truncatedBefore(long sinceMicros) {
        if (size < CAPACITY) {
            return false;
        }
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, entries[i] >>> TIME_SHIFT);
        }
        return Math.floorDiv(sinceMicros, 1_000_000L) < oldest;
    }

    /** Names travel as text (codes are local to a process); times, types and channels as they are. */
    void write(DataOutput out) throws IOException {
        out.writeByte(size);
        for (int i = 0; i < size; i++) {
            long entry = entries[i];
            out.writeLong(entry >>> TIME_SHIFT);
            Values.writeString(out, EventNames.name(nameCode(entry)));
            out.writeByte((int) (entry & ((1L << NAME_SHIFT) - 1)));
        }
    }

    static RecentEvents read(DataInput in) throws IOException {
        RecentEvents events = new RecentEvents();
        int size = in.readUnsignedByte();
        for (int i = 0; i < size; i++) {
            long seconds = in.readLong();
            String name = Values.readString(in);
            int kind = in.readUnsignedByte();
            events.add(seconds << TIME_SHIFT | (long) EventNames.code(name) << NAME_SHIFT | kind);
        }
        return events;
    }
}
