package io.percept.rules.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value of a parsed rule document with its JSON path, read with precise errors. */
record Node(String path, Object value) {

    static Node root(Map<String, Object> document) {
        if (document == null) {
            throw new RuleValidationException("$", "a rule document is required");
        }
        return new Node("$", document);
    }

    RuleValidationException error(String problem) {
        return new RuleValidationException(path, problem);
    }

    boolean present() {
        return value != null;
    }

    /** This object's fields; fails on a non-object or on a field outside {@code allowed}. */
    Map<String, Object> object(List<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            throw error("expected an object, got " + describe(value));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!allowed.contains(key)) {
                throw new RuleValidationException(path + "." + key, "unknown field (one of " + String.join(", ", allowed) + ")");
            }
            fields.put(key, entry.getValue());
        }
        return fields;
    }

    /** The field {@code key} of this object (check with {@link #object} first). */
    Node field(String key) {
        return new Node(path + "." + key, value instanceof Map<?, ?> map ? map.get(key) : null);
    }

    Node required() {
        if (value == null) {
            throw error("required");
        }
        return this;
    }

    /**
     * The single field of an object that must have exactly one of {@code kinds} (as {@code when},
     * {@code window} and each action do).
     */
    Node oneOf(List<String> kinds) {
        Map<String, Object> fields = required().object(kinds);
        if (fields.size() != 1) {
            throw error("expected exactly one of " + String.join(", ", kinds) + ", got "
                    + (fields.isEmpty() ? "none" : String.join(", ", fields.keySet())));
        }
        return field(fields.keySet().iterator().next());
    }

    String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    String text() {
        if (!(required().value instanceof String text) || text.isBlank()) {
            throw error("expected a non-empty text, got " + describe(value));
        }
        return text;
    }

    String textOr(String fallback) {
        return present() ? text() : fallback;
    }

    boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (!(value instanceof Boolean bool)) {
            throw error("expected true or false, got " + describe(value));
        }
        return bool;
    }

    double number() {
        if (!(required().value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw error("expected a number, got " + describe(value));
        }
        return number.doubleValue();
    }

    int wholeNumber(int min, int max) {
        double number = number();
        if (number != Math.rint(number) || number < min || number > max) {
            throw error("expected a whole number from " + min + " to " + max + ", got " + describe(value));
        }
        return (int) number;
    }

    Duration duration(Duration max) {
        if (!(required().value instanceof String text)) {
            throw error("expected a duration like 30s, 10m, 2h or 7d, got " + describe(value));
        }
        Duration duration = Durations.parse(text);
        if (duration == null) {
            throw error("expected a duration like 30s, 10m, 2h or 7d, got " + describe(value));
        }
        if (duration.isZero() || duration.compareTo(max) > 0) {
            throw error("expected a duration above 0 and at most " + Durations.format(max) + ", got " + describe(value));
        }
        return duration;
    }

    /** The elements of a list, or a one-element list for a single value; empty when absent. */
    List<Node> listOrSingle() {
        if (!present()) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return List.of(this);
        }
        return elements(list);
    }

    List<Node> list() {
        if (!(required().value instanceof List<?> list)) {
            throw error("expected a list, got " + describe(value));
        }
        return elements(list);
    }

    private List<Node> elements(List<?> list) {
        List<Node> nodes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            nodes.add(new Node(path + "[" + i + "]", list.get(i)));
        }
        return nodes;
    }

    /**
     * This value as plain JSON data (text, number, boolean, object, list), copied and made
     * unmodifiable; integers become {@code Long}, decimals {@code Double}.
     */
    Object json() {
        if (value == null) {
            throw error("null is not allowed here");
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Object key : map.keySet()) {
                copy.put(String.valueOf(key), field(String.valueOf(key)).json());
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return elements(list).stream().map(Node::json).toList();
        }
        throw error("unsupported value " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
