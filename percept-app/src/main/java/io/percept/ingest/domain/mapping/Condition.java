package io.percept.ingest.domain.mapping;

import java.util.List;
import java.util.regex.Pattern;

/** A test of a row, for rules. */
public sealed interface Condition {

    /** The column's text (missing counts as empty) compared by {@code operator} with {@code operand}. */
    record Compare(String column, Operator operator, Object operand) implements Condition {
    }

    /** All hold. */
    record All(List<Condition> conditions) implements Condition {
    }

    /** At least one holds. */
    record Any(List<Condition> conditions) implements Condition {
    }

    /** It does not hold. */
    record Not(Condition condition) implements Condition {
    }

    /** Comparisons; the numeric ones do not hold when the cell is not a number. */
    enum Operator {
        EQUALS, IN, STARTS_WITH, ENDS_WITH, CONTAINS, MATCHES, EMPTY, LESS_THAN, LESS_OR_EQUAL, GREATER_THAN, GREATER_OR_EQUAL
    }

    /** A compiled regular expression operand. */
    record Regex(Pattern pattern) {
    }
}
