package io.percept.segmentation.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A segment definition: a boolean expression over a subject's fields. Written as text
 * ({@code orders >= 2 and region in ("华东", "华南") and lastOrder within 30d}, see
 * {@link ExpressionParser}) or as JSON ({@link #json()}, {@link #fromJson}); both forms round-trip.
 * A comparison with a field the subject lacks is false, except {@code !=} and {@code is null}.
 */
public sealed interface Expression permits Expression.And, Expression.Or, Expression.Not, Expression.Compare, Expression.In,
        Expression.IsNull, Expression.Within {

    /**
     * Whether {@code subject} is in the segment.
     *
     * @param nowMicros the present, epoch microseconds (for {@code within})
     */
    boolean test(Subject subject, long nowMicros);

    /** The canonical text form, which parses back to an equal expression. */
    String text();

    /** The JSON form as plain maps and lists. */
    Object json();

    /** The fields it names, in order of appearance (with repeats). */
    void fields(List<String> into);

    /** A comparison operator. */
    enum Op {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), CONTAINS("contains");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** All of the parts. */
    record And(List<Expression> parts) implements Expression {

        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Subject subject, long nowMicros) {
            for (Expression part : parts) {
                if (!part.test(subject, nowMicros)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String text() {
            return joined(parts, " and ", this);
        }

        @Override
        public Object json() {
            return Map.of("and", parts.stream().map(Expression::json).toList());
        }

        @Override
        public void fields(List<String> into) {
            parts.forEach(part -> part.fields(into));
        }
    }

    /** Any of the parts. */
    record Or(List<Expression> parts) implements Expression {

        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Subject subject, long nowMicros) {
            for (Expression part : parts) {
                if (part.test(subject, nowMicros)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            return joined(parts, " or ", this);
        }

        @Override
        public Object json() {
            return Map.of("or", parts.stream().map(Expression::json).toList());
        }

        @Override
        public void fields(List<String> into) {
            parts.forEach(part -> part.fields(into));
        }
    }

    /** The opposite. */
    record Not(Expression inner) implements Expression {

        @Override
        public boolean test(Subject subject, long nowMicros) {
            return !inner.test(subject, nowMicros);
        }

        @Override
        public String text() {
            return "not " + (inner instanceof And || inner instanceof Or ? "(" + inner.text() + ")" : inner.text());
        }

        @Override
        public Object json() {
            return Map.of("not", inner.json());
        }

        @Override
        public void fields(List<String> into) {
            inner.fields(into);
        }
    }

    /**
     * {@code field op value}; {@code value} is a {@link Double}, {@link String}, {@link Boolean} or,
     * for time fields, an {@link Instant}.
     */
    record Compare(String field, Op op, Object value) implements Expression {

        @Override
        public boolean test(Subject subject, long nowMicros) {
            Object actual = subject.value(field);
            if (actual == null) {
                return op == Op.NE;
            }
            if (actual instanceof Collection<?> values) {
                // a list holds the value (contains: as one of its elements, not inside one); != holds when no element equals it
                Compare element = op == Op.NE || op == Op.CONTAINS ? new Compare(field, Op.EQ, value) : this;
                boolean any = false;
                for (Object held : values) {
                    if (held != null && element.single(held)) {
                        any = true;
                        break;
                    }
                }
                return op == Op.NE ? !any : any;
            }
            return single(actual);
        }

        private boolean single(Object actual) {
            if (op == Op.CONTAINS) {
                return actual.toString().toLowerCase(Locale.ROOT).contains(value.toString().toLowerCase(Locale.ROOT));
            }
            int comparison;
            if (value instanceof Instant at && actual instanceof Number micros) {
                comparison = Long.compare(micros.longValue(), ChronoUnit.MICROS.between(Instant.EPOCH, at));
            } else if (value instanceof Double number && actual instanceof Number given) {
                comparison = Double.compare(given.doubleValue(), number);
            } else if (value instanceof Boolean flag) {
                comparison = actual.toString().equalsIgnoreCase(flag.toString()) ? 0 : 1;
            } else if (op == Op.EQ || op == Op.NE) {
                comparison = actual.toString().equalsIgnoreCase(value.toString()) ? 0 : 1;
            } else {
                comparison = actual.toString().compareTo(value.toString());
            }
            return switch (op) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                default -> false;
            };
        }

        @Override
        public String text() {
            return fieldText(field) + " " + op.symbol + " " + literal(value);
        }

        @Override
        public Object json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("op", op.symbol);
            json.put("value", jsonValue(value));
            return json;
        }

        @Override
        public void fields(List<String> into) {
            into.add(field);
        }
    }

    /** {@code field in (v1, v2, ...)}: equal to one of the values (for a list field: holds one of them). */
    record In(String field, List<Object> values) implements Expression {

        public In {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(Subject subject, long nowMicros) {
            for (Object value : values) {
                if (new Compare(field, Op.EQ, value).test(subject, nowMicros)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            List<String> literals = new ArrayList<>();
            values.forEach(value -> literals.add(literal(value)));
            return fieldText(field) + " in (" + String.join(", ", literals) + ")";
        }

        @Override
        public Object json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("in", values.stream().map(Expression::jsonValue).toList());
            return json;
        }

        @Override
        public void fields(List<String> into) {
            into.add(field);
        }
    }

    /** {@code field is null} / {@code field is not null} (an empty list counts as null). */
    record IsNull(String field, boolean negated) implements Expression {

        @Override
        public boolean test(Subject subject, long nowMicros) {
            Object value = subject.value(field);
            boolean missing = value == null || value instanceof Collection<?> values && values.isEmpty();
            return missing != negated;
        }

        @Override
        public String text() {
            return fieldText(field) + (negated ? " is not null" : " is null");
        }

        @Override
        public Object json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("isNull", !negated);
            return json;
        }

        @Override
        public void fields(List<String> into) {
            into.add(field);
        }
    }

    /** {@code field within 30d}: a time field no older than the duration before now (and not in the future beyond now). */
    record Within(String field, Duration duration) implements Expression {

        @Override
        public boolean test(Subject subject, long nowMicros) {
            if (!(subject.value(field) instanceof Number micros)) {
                return false;
            }
            long at = micros.longValue();
            return at >= nowMicros - duration.toNanos() / 1000 && at <= nowMicros;
        }

        @Override
        public String text() {
            return field + " within " + durationText(duration);
        }

        @Override
        public Object json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("within", durationText(duration));
            return json;
        }

        @Override
        public void fields(List<String> into) {
            into.add(field);
        }
    }

    private static String joined(List<Expression> parts, String separator, Expression parent) {
        List<String> texts = new ArrayList<>();
        for (Expression part : parts) {
            boolean group = parent instanceof And && part instanceof Or;
            texts.add(group ? "(" + part.text() + ")" : part.text());
        }
        return String.join(separator, texts);
    }

    /** A field as the language writes it: {@code events(7d,name=Cart Added)} as {@code events(7d, name = "Cart Added")}. */
    static String fieldText(String field) {
        int paren = field.indexOf('(');
        if (paren < 0 || !field.endsWith(")")) {
            return field;
        }
        String[] parts = Fields.ARGUMENT.split(field.substring(paren + 1, field.length() - 1), -1);
        StringBuilder text = new StringBuilder(field.substring(0, paren + 1)).append(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            text.append(", ").append(parts[i], 0, equals).append(" = ").append(literal(parts[i].substring(equals + 1)));
        }
        return text.append(')').toString();
    }

    /** A value as the language writes it. */
    static String literal(Object value) {
        if (value instanceof Double number) {
            return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString(number.longValue()) : number.toString();
        }
        if (value instanceof Boolean flag) {
            return flag.toString();
        }
        if (value instanceof Instant at) {
            return "\"" + (at.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() == 0 && at.getNano() == 0
                    ? LocalDate.ofInstant(at, ZoneOffset.UTC).toString() : at.toString()) + "\"";
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Object jsonValue(Object value) {
        return value instanceof Instant at ? literal(at).replace("\"", "") : value;
    }

    /** A duration as the language writes it: whole weeks, days or hours. */
    static String durationText(Duration duration) {
        long hours = duration.toHours();
        if (hours % (24 * 7) == 0) {
            return hours / (24 * 7) + "w";
        }
        return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }

    /**
     * Reads the JSON form ({@link #json()}), checking names and values against {@code fields}.
     *
     * @throws SegmentSyntaxException naming the JSON path of the problem
     */
    static Expression fromJson(Object json, Fields fields) {
        return ExpressionParser.fromJson(json, fields, "$");
    }
}
