package io.percept.profile.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small numbers for event names, ignoring case, so that {@link RecentEvents} keeps a name in a few
 * bits of a {@code long}. Codes are shared by the whole process and never written anywhere (snapshots
 * carry the names). Code 0 is "no name"; once {@value #BITS}-bit codes run out, further new names
 * also get 0 and count as unnamed. Thread-safe.
 */
final class EventNames {

    static final int BITS = 23;
    private static final int LIMIT = 1 << BITS;
    /** Every spelling seen, to its code (so "Product Viewed" finds its code without lower-casing each time). */
    private static final ConcurrentHashMap<String, Integer> CODES = new ConcurrentHashMap<>();
    /** Lower-cased names, to their code. */
    private static final ConcurrentHashMap<String, Integer> LOWER = new ConcurrentHashMap<>();
    /** The lower-cased name of each code; index 0 unused. */
    private static volatile String[] names = new String[64];
    private static int next = 1;

    private EventNames() {
    }

    /** The code of {@code name}, registering it; 0 for null or once the codes are used up. */
    static int code(String name) {
        if (name == null) {
            return 0;
        }
        Integer known = CODES.get(name);
        if (known != null) {
            return known;
        }
        return register(name);
    }

    private static synchronized int register(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Integer code = LOWER.get(lower);
        if (code == null) {
            if (next == LIMIT) {
                return 0;
            }
            code = next++;
            String[] current = names;
            if (code == current.length) {
                current = Arrays.copyOf(current, Math.min(LIMIT, current.length * 2));
            }
            current[code] = lower;
            names = current;
            LOWER.put(lower, code);
        }
        CODES.put(name, code);
        return code;
    }

    /** The code of {@code name} (ignoring case) without registering it; 0 when no event had it. */
    static int lookup(String name) {
        Integer known = CODES.get(name);
        if (known != null) {
            return known;
        }
        Integer lower = LOWER.get(name.toLowerCase(Locale.ROOT));
        return lower == null ? 0 : lower;
    }

    /** The lower-cased name of {@code code}; null for 0. */
    static String name(int code) {
        return code == 0 ? null : names[code];
    }

    /** Orders codes by their names' text (no name first), so that ties never depend on which name came first. */
    static int compare(int a, int b) {
        if (a == b) {
            return 0;
        }
        String first = name(a);
        String second = name(b);
        return first == null ? -1 : second == null ? 1 : first.compareTo(second);
    }
}
