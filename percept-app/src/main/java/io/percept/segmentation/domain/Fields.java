package io.percept.segmentation.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields a segment may name, with their types: the catalogue the parser checks names and
 * values against. Names with a prefix ending in '.' (e.g. {@code traits.}) admit any suffix.
 *
 * @param types the type of each field name or prefix
 */
public record Fields(Map<String, Type> types) {

    /** What a field holds. */
    public enum Type {
        NUMBER, TEXT, BOOLEAN, TIME, TEXT_LIST, ANY
    }

    /** A windowed aggregate as a field name: {@code orders(30d)}, {@code spend(2w,category=手机)}. */
    static final java.util.regex.Pattern AGGREGATE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\(\\d+[hdw](,category=[^)]+)?\\)");

    public Fields {
        types = Map.copyOf(types);
    }

    /** Whether {@code name} names windowed aggregates ({@code orders(}): it takes a window and an optional category. */
    public boolean aggregates(String name) {
        return types.containsKey(name + "(");
    }

    /** The type of {@code name}, or {@code null} when the catalogue does not know it. */
    public Type typeOf(String name) {
        Type exact = types.get(name);
        if (exact != null) {
            return exact;
        }
        int paren = name.indexOf('(');
        if (paren > 0) {
            return name.endsWith(")") && AGGREGATE.matcher(name).matches() ? types.get(name.substring(0, paren + 1)) : null;
        }
        int dot = name.indexOf('.');
        return dot > 0 && dot < name.length() - 1 ? types.get(name.substring(0, dot + 1)) : null;
    }

    /** Known names close to {@code name} (edit distance at most 2, or a shared prefix), for "did you mean". */
    public List<String> closeTo(String name) {
        List<String> close = new ArrayList<>();
        for (String known : new TreeMap<>(types).keySet()) {
            if (known.endsWith("(")) {
                continue;
            }
            if (distance(known.toLowerCase(), name.toLowerCase()) <= 2 || (name.length() >= 4 && known.toLowerCase().startsWith(name.toLowerCase()))) {
                close.add(known);
            }
        }
        return close;
    }

    /** The sorted names, for messages. */
    public List<String> names() {
        return new ArrayList<>(new TreeMap<>(types).keySet());
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
