package io.percept.ingest.domain.mapping;

import java.util.List;
import java.util.Map;

/** Where a value comes from. */
public sealed interface ValueSpec {

    /**
     * A column of the row, converted to {@code type}.
     *
     * @param name the column (for JSONL rows a dotted path such as {@code user.id})
     */
    record Column(String name, ValueType type) implements ValueSpec {
    }

    /** A constant. */
    record Constant(Object value) implements ValueSpec {
    }

    /** Text with {@code {column}} placeholders, e.g. {@code receipt-{order_id}}; missing if any placeholder is. */
    record Template(String pattern, List<String> columns) implements ValueSpec {
    }

    /** The first of several values that is present. */
    record First(List<ValueSpec> candidates) implements ValueSpec {
    }

    /** A value translated by a table, e.g. {@code 1 -> positive}; missing if not in the table and no default. */
    record Lookup(ValueSpec source, Map<String, Object> table, Object otherwise) implements ValueSpec {
    }
}
