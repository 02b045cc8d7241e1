package io.percept.eventlog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An immutable JSON object: an event's {@code properties}, {@code traits} or {@code context}.
 * Values are {@code null}, {@link String}, {@link Boolean}, {@link Long}, {@link Double},
 * {@link BigInteger}, {@link BigDecimal}, nested {@code Map<String, Object>} and
 * {@code List<Object>}, all unmodifiable; key order is kept.
 */
public final class Attributes {

    public static final Attributes EMPTY = new Attributes(Collections.emptyMap());

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * A deep, validated copy of {@code values}. Integers of any width become {@code Long} and
     * floats {@code Double}.
     *
     * @throws IllegalArgumentException for a value of another type, naming its path
     */
    public static Attributes copyOf(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return EMPTY;
        }
        return new Attributes(copyMap(values, ""));
    }

    /**
     * Takes over a tree of mutable maps and lists freshly built from JSON (as
     * {@code JsonValues.readObject} returns) without copying it: the tree is wrapped read-only in
     * place. The caller must not keep or change any part of it afterwards. (A tree with immutable
     * parts is copied instead.)
     */
    public static Attributes adopt(Map<String, Object> freshJsonObject) {
        if (freshJsonObject == null || freshJsonObject.isEmpty()) {
            return EMPTY;
        }
        try {
            return new Attributes(freeze(freshJsonObject));
        } catch (UnsupportedOperationException immutablePart) {
            return copyOf(freshJsonObject);
        }
    }

    /** The values as an unmodifiable map. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value at {@code key}, or {@code null}. */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * The value at a dotted path such as {@code "device.id"}, descending through nested objects;
     * {@code null} where any step is missing or not an object.
     */
    public Object path(String dottedPath) {
        Object current = values;
        int start = 0;
        while (start <= dottedPath.length()) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            int dot = dottedPath.indexOf('.', start);
            int end = dot < 0 ? dottedPath.length() : dot;
            current = map.get(dottedPath.substring(start, end));
            start = end + 1;
        }
        return current;
    }

    /** The value at {@code key} as text: strings as they are, numbers and booleans printed. */
    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /** The value at {@code key} as a number, also when sent as a numeric string (e.g. {@code "199.00"}). */
    public OptionalDouble number(String key) {
        Object value = values.get(key);
        if (value instanceof Number number) {
            return OptionalDouble.of(number.doubleValue());
        }
        if (value instanceof String text) {
            try {
                return OptionalDouble.of(Double.parseDouble(text.strip()));
            } catch (NumberFormatException notANumber) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    /** The nested object at {@code key}, or {@link #EMPTY}. */
    @SuppressWarnings("unchecked")
    public Attributes object(String key) {
        Object value = values.get(key);
        return value instanceof Map<?, ?> map && !map.isEmpty() ? new Attributes((Map<String, Object>) map) : EMPTY;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes attributes && values.equals(attributes.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static Map<String, Object> copyMap(Map<String, ?> source, String path) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<String, ?> entry : source.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("null key in attributes at '" + path + "'");
            }
            String childPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
            copy.put(entry.getKey(), copyValue(entry.getValue(), childPath));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float floating) {
            return floating.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap((Map<String, ?>) map, path);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                copy.add(copyValue(element, path + "[" + index++ + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("attribute '" + path + "' has unsupported type " + value.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> map) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                entry.setValue(freeze((Map<String, Object>) nested));
            } else if (value instanceof List<?> list) {
                entry.setValue(freeze((List<Object>) list));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> freeze(List<Object> list) {
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            if (value instanceof Map<?, ?> nested) {
                list.set(i, freeze((Map<String, Object>) nested));
            } else if (value instanceof List<?> inner) {
                list.set(i, freeze((List<Object>) inner));
            }
        }
        return Collections.unmodifiableList(list);
    }
}
