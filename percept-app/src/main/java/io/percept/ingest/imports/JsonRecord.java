package io.percept.ingest.imports;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.ingest.domain.mapping.Row;
import io.percept.platform.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON object as a row of a mapping. A column is a key ({@code rating}), a dotted path into
 * nested objects ({@code user.id}) or a JSONPath expression ({@code $.items[0].sku},
 * {@code $.tags[*]}); extra columns given by the caller (an MQTT topic's parts, say) come first.
 * Cells are the values as text (objects and arrays as JSON); {@link #value} gives them as parsed.
 *
 * @param line   where the record starts (1-based), or its index in a delivery
 * @param object the record
 * @param raw    its text, for rejects and derived message ids
 * @param extras columns that are not in the record
 */
public record JsonRecord(long line, Map<String, Object> object, String raw, Map<String, String> extras) implements Row {

    private static final Configuration PATHS = Configuration.builder().jsonProvider(new JsonSmartJsonProvider())
            .options(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL).build();
    private static final int MAX_COMPILED = 10_000;
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    public JsonRecord(long line, Map<String, Object> object, String raw) {
        this(line, object, raw, Map.of());
    }

    @Override
    public Object value(String column) {
        String extra = extras.get(column);
        if (extra != null) {
            return extra;
        }
        if (object.containsKey(column)) {
            return object.get(column);
        }
        if (column.startsWith("$")) {
            try {
                return compile(column).read(object, PATHS);
            } catch (com.jayway.jsonpath.JsonPathException e) {
                // a function that does not apply to this record's value (length() of a number, say): no value
                return null;
            }
        }
        Object current = object;
        for (String step : column.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    @Override
    public String get(String column) {
        return text(value(column));
    }

    /** A JSON value as a cell's text: objects and arrays as JSON, whole numbers without a fraction. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            return JsonValues.toJson(value);
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue());
        }
        return value.toString();
    }

    /**
     * Checks a JSONPath column of a mapping.
     *
     * @throws InvalidMappingException naming the expression and what is wrong with it
     */
    public static void checkPath(String column, String where) {
        if (column.startsWith("$")) {
            try {
                // a trial read finds what compiling does not: functions that do not exist
                compile(column).read(Map.of(), PATHS);
            } catch (InvalidPathException e) {
                throw new InvalidMappingException(where, "'" + column + "' is not a JSONPath expression: " + e.getMessage());
            } catch (com.jayway.jsonpath.JsonPathException e) {
                // the empty document lacks what the path needs: a matter of the data, not of the expression
            }
        }
    }

    private static JsonPath compile(String expression) {
        JsonPath path = COMPILED.get(expression);
        if (path == null) {
            path = JsonPath.compile(expression);
            if (COMPILED.size() < MAX_COMPILED) {
                COMPILED.put(expression, path);
            }
        }
        return path;
    }
}
