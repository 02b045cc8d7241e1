package io.percept.profile.domain;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A person's traits, each with the time and source of its value. A new value replaces the held
 * one when its source ranks higher for that trait, or ranks the same and the value is at least as
 * recent (last-updated-wins). A {@code null} value unsets a trait but is kept, with its time, so
 * that an older value arriving later (or from a merged profile) does not come back. Stored in
 * parallel arrays: a handful of traits costs a few hundred bytes. Not thread-safe.
 */
public final class Traits {

    private String[] keys = new String[0];
    private Object[] values = new Object[0];
    private long[] micros = new long[0];
    private String[] sources = new String[0];
    private int size;

    /** Sets a trait if it wins over the held value; returns whether it did. */
    public boolean set(String key, Object value, long at, String source, TraitPriority priority) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                int byRank = Integer.compare(priority.rank(key, source), priority.rank(key, sources[i]));
                if (byRank > 0 || byRank == 0 && at >= micros[i]) {
                    values[i] = value;
                    micros[i] = at;
                    sources[i] = source;
                    return true;
                }
                return false;
            }
        }
        if (size == keys.length) {
            int capacity = Math.max(4, size * 2);
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
            micros = Arrays.copyOf(micros, capacity);
            sources = Arrays.copyOf(sources, capacity);
        }
        keys[size] = key;
        values[size] = value;
        micros[size] = at;
        sources[size++] = source;
        return true;
    }

    /** Takes every trait of {@code other} that wins over the held one. */
    public void mergeFrom(Traits other, TraitPriority priority) {
        for (int i = 0; i < other.size; i++) {
            set(other.keys[i], other.values[i], other.micros[i], other.sources[i], priority);
        }
    }

    /** The value of a trait, {@code null} if unset. */
    public Object get(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** The traits that have a value, in the order first set. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            if (values[i] != null) {
                map.put(keys[i], values[i]);
            }
        }
        return map;
    }

    /** Each set trait's time (epoch microseconds) and source, for exports. */
    public Map<String, Map<String, Object>> provenance() {
        Map<String, Map<String, Object>> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", values[i]);
            entry.put("updatedAtMicros", micros[i]);
            entry.put("source", sources[i]);
            map.put(keys[i], entry);
        }
        return map;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            Values.writeString(out, keys[i]);
            Values.write(out, values[i]);
            out.writeLong(micros[i]);
            Values.writeString(out, sources[i]);
        }
    }

    static Traits read(DataInput in, Interner interner) throws IOException {
        Traits traits = new Traits();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            traits.set(interner.intern(Values.readString(in)), Values.read(in), in.readLong(), interner.intern(Values.readString(in)),
                    TraitPriority.NONE);
        }
        return traits;
    }
}
