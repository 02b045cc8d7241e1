package io.percept.profile.domain;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts of at most {@code capacity} keys, for "favourite" attributes. When a new key arrives and
 * all slots are taken, it replaces the key with the smallest count and inherits that count (the
 * Space-Saving algorithm, Metwally, Agrawal and El Abbadi, ICDT 2005): the true top keys are kept
 * whenever they hold more than 1/capacity of the total, and a count overestimates by at most the
 * replaced minimum. Exact while there are no more keys than slots. Not thread-safe.
 */
public final class TopCounts {

    /** Longer keys are cut to this many characters. */
    static final int MAX_KEY = 200;

    private String[] keys;
    private double[] counts;
    private int size;

    public TopCounts(int capacity) {
        keys = new String[1];
        counts = new double[keys.length];
        this.capacity = capacity;
    }

    private final int capacity;

    /** Adds {@code amount} to {@code key}. */
    public void add(String key, double amount) {
        if (key.length() > MAX_KEY) {
            key = key.substring(0, MAX_KEY);
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                counts[i] += amount;
                return;
            }
        }
        if (size < capacity) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, Math.min(capacity, Math.max(2, size * 2)));
                counts = Arrays.copyOf(counts, keys.length);
            }
            keys[size] = key;
            counts[size++] = amount;
            return;
        }
        int min = 0;
        for (int i = 1; i < size; i++) {
            if (counts[i] < counts[min]) {
                min = i;
            }
        }
        keys[min] = key;
        counts[min] += amount;
    }

    /** Adds all of {@code other}'s counts. */
    public void addAll(TopCounts other) {
        for (int i = 0; i < other.size; i++) {
            add(other.keys[i], other.counts[i]);
        }
    }

    /** The {@code n} keys with the highest counts, highest first (ties by key). */
    public List<Entry> top(int n) {
        List<Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            entries.add(new Entry(keys[i], counts[i]));
        }
        entries.sort((a, b) -> a.count() != b.count() ? Double.compare(b.count(), a.count()) : a.key().compareTo(b.key()));
        return entries.subList(0, Math.min(n, entries.size()));
    }

    /** A key and its count. */
    public record Entry(String key, double count) {
    }

    void write(DataOutput out) throws IOException {
        out.writeShort(capacity);
        out.writeShort(size);
        for (int i = 0; i < size; i++) {
            Values.writeString(out, keys[i]);
            out.writeDouble(counts[i]);
        }
    }

    static TopCounts read(DataInput in) throws IOException {
        TopCounts top = new TopCounts(in.readShort());
        int size = in.readShort();
        for (int i = 0; i < size; i++) {
            top.add(Values.readString(in), in.readDouble());
        }
        return top;
    }
}
