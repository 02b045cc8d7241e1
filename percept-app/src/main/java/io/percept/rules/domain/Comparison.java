package io.percept.rules.domain;

import io.percept.eventlog.Event;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code where} entry of an {@link EventMatch}: {@code {property: properties.price, op: ">=", value: 100}}.
 *
 * @param property a dotted event path (see the rules language docs)
 * @param op       the operator
 * @param value    a text, number or boolean; a non-empty list of those for {@code in}; for
 *                 {@code exists} {@code null} (present) or a boolean
 */
public record Comparison(String property, Operator op, Object value) {

    private static final List<String> FIELDS = List.of("property", "op", "value");

    public Comparison {
        Objects.requireNonNull(op, "op");
        if (property == null || !EventPaths.isValid(property)) {
            throw new IllegalArgumentException("not an event path: " + property);
        }
        if (op == Operator.IN) {
            if (!(value instanceof Collection<?> options) || options.isEmpty() || !options.stream().allMatch(Comparison::scalar)) {
                throw new IllegalArgumentException("'in' needs a non-empty list of texts, numbers or booleans");
            }
            value = List.copyOf((Collection<?>) value);
        } else if (op == Operator.EXISTS) {
            if (value != null && !(value instanceof Boolean)) {
                throw new IllegalArgumentException("'exists' takes no value or true/false");
            }
        } else if (!scalar(value)) {
            throw new IllegalArgumentException("'" + op.symbol() + "' needs a text, number or boolean value");
        }
    }

    /** Whether the event's value at {@link #property} satisfies this comparison. */
    public boolean test(Event event) {
        return op.test(EventPaths.value(event, property), value);
    }

    /** This comparison as a document entry. */
    public Map<String, Object> toDocument() {
        return Documents.of("property", property, "op", op.symbol(), "value", value);
    }

    static Comparison parse(Node node) {
        node.required().object(FIELDS);
        String property = EventPaths.check(node.field("property"));
        Node opNode = node.field("op");
        Operator op = Operator.ofSymbol(opNode.text());
        if (op == null) {
            throw opNode.error("unknown operator '" + opNode.value() + "' (one of " + Operator.symbols() + ")");
        }
        Node valueNode = node.field("value");
        Object value = valueNode.present() ? valueNode.json() : null;
        try {
            return new Comparison(property, op, value);
        } catch (IllegalArgumentException invalid) {
            throw valueNode.error(invalid.getMessage() + ", got " + Node.describe(valueNode.value()));
        }
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }
}
