package io.percept.ingest.domain.mapping;

import java.util.Locale;

/** What a cell is converted to. */
public enum ValueType {
    /** Text, as it is (trimmed). */
    STRING,
    /** A whole number ({@code 12}, also {@code 12.0}); stored as a JSON integer. */
    INTEGER,
    /** A decimal number ({@code 12.5}); stored as a JSON number. */
    NUMBER,
    /** {@code true/false}, {@code 1/0}, {@code yes/no}, {@code y/n}. */
    BOOLEAN,
    /** A date-time read with the mapping's timestamp format and zone; stored as ISO-8601 UTC. */
    TIMESTAMP,
    /** The cell is JSON (an object, array, or scalar). */
    JSON;

    static ValueType parse(String name, String path) {
        for (ValueType type : values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new InvalidMappingException(path, "'" + name + "' is not one of string, integer, number, boolean, timestamp, json");
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
