package io.percept.rules.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * How a {@link Comparison} compares an event's value with the rule's. Numbers compare
 * numerically, also when the event sent one as text ({@code "199.00"}); texts compare exactly
 * (case-sensitive) and, for the orderings, lexicographically (so ISO dates order correctly);
 * booleans compare with booleans or with {@code "true"}/{@code "false"}. A missing value satisfies
 * only {@code !=} and {@code exists} with {@code value: false}.
 */
public enum Operator {
    EQUALS("="), NOT_EQUALS("!="), GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<="),
    /** The event's value equals one of a list of values. */
    IN("in"),
    /** The value is present (not missing or null); with {@code value: false}, absent. */
    EXISTS("exists"),
    /** A text contains the given text, or a list contains the given element. */
    CONTAINS("contains");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in rule documents. */
    public String symbol() {
        return symbol;
    }

    /** The operator written as {@code symbol}, or {@code null}. */
    public static Operator ofSymbol(String symbol) {
        for (Operator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        return null;
    }

    static String symbols() {
        return Arrays.stream(values()).map(Operator::symbol).collect(Collectors.joining(" "));
    }

    boolean test(Object actual, Object expected) {
        return switch (this) {
            case EQUALS -> same(actual, expected);
            case NOT_EQUALS -> !same(actual, expected);
            case GREATER -> ordered(actual, expected, order -> order > 0);
            case GREATER_OR_EQUAL -> ordered(actual, expected, order -> order >= 0);
            case LESS -> ordered(actual, expected, order -> order < 0);
            case LESS_OR_EQUAL -> ordered(actual, expected, order -> order <= 0);
            case IN -> ((Collection<?>) expected).stream().anyMatch(option -> same(actual, option));
            case EXISTS -> (actual != null) == (expected == null || Boolean.TRUE.equals(expected));
            case CONTAINS -> contains(actual, expected);
        };
    }

    private static boolean same(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        if (expected instanceof Number number) {
            Double value = EventPaths.number(actual);
            return value != null && value == number.doubleValue();
        }
        if (expected instanceof Boolean) {
            return expected.toString().equals(actual.toString());
        }
        return expected.equals(actual instanceof String ? actual : actual instanceof Number || actual instanceof Boolean
                ? actual.toString() : null);
    }

    /** Whether the two compare (number with number, text with text) and their order passes {@code test}. */
    private static boolean ordered(Object actual, Object expected, IntPredicate test) {
        if (expected instanceof Number number) {
            Double value = EventPaths.number(actual);
            return value != null && test.test(Double.compare(value, number.doubleValue()));
        }
        return expected instanceof String text && actual instanceof String value && test.test(value.compareTo(text));
    }

    private static boolean contains(Object actual, Object expected) {
        if (actual instanceof String text) {
            return text.contains(expected.toString());
        }
        if (actual instanceof Collection<?> list) {
            return list.stream().anyMatch(element -> same(element, expected));
        }
        return false;
    }
}
