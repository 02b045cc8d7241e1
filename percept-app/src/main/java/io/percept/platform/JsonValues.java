package io.percept.platform;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads JSON into plain Java values and writes them back, with Jackson's streaming API: objects
 * become insertion-ordered {@code Map<String, Object>}, arrays {@code List<Object>}, integers
 * {@code Long} (or {@code BigInteger} beyond 64 bits), decimals {@code Double}, plus
 * {@code String}, {@code Boolean} and {@code null}. Nesting is limited to {@value #MAX_DEPTH}
 * levels so hostile input cannot exhaust the stack.
 */
public final class JsonValues {

    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonValues() {
    }

    /** The shared, thread-safe factory with Percept's limits. */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * Parses a document that must be a single JSON object.
     *
     * @throws MalformedJsonException if it is not well-formed JSON, not an object, or has content after the object
     */
    public static Map<String, Object> parseObject(byte[] json) {
        return parseObject(json, 0, json.length);
    }

    /** As {@link #parseObject(byte[])} for {@code length} bytes from {@code offset}. */
    public static Map<String, Object> parseObject(byte[] json, int offset, int length) {
        requireUtf8(json, offset, length);
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json, offset, length)) {
            return parseWholeObject(parser);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /** As {@link #parseObject(byte[])} for text. */
    public static Map<String, Object> parseObject(String json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            return parseWholeObject(parser);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /**
     * Parses a document holding any single JSON value: an object, an array or a scalar.
     *
     * @throws MalformedJsonException if it is not well-formed JSON or has content after the value
     */
    public static Object parse(byte[] json) {
        requireUtf8(json, 0, json.length);
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() == null) {
                throw new MalformedJsonException("empty input, expected a JSON value");
            }
            Object value = readValue(parser);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the JSON value at " + where(parser.currentTokenLocation()));
            }
            return value;
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    private static Map<String, Object> parseWholeObject(JsonParser parser) {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new MalformedJsonException(first == null ? "empty input, expected a JSON object"
                    : "expected a JSON object, found " + describe(first));
        }
        Map<String, Object> object = readObject(parser);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new MalformedJsonException("unexpected content after the JSON object at " + where(parser.currentTokenLocation()));
        }
        return object;
    }

    /** Reads the object whose {@code START_OBJECT} is the parser's current token. */
    public static Map<String, Object> readObject(JsonParser parser) {
        Map<String, Object> object = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, readValue(parser));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new MalformedJsonException("unterminated JSON object");
        }
        return object;
    }

    /** Reads the value starting at the parser's current token. */
    public static Object readValue(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new MalformedJsonException("unexpected end of JSON input");
        }
        switch (token) {
            case START_OBJECT:
                return readObject(parser);
            case START_ARRAY:
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                return array;
            case VALUE_STRING:
                return parser.getString();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new MalformedJsonException("unexpected " + describe(token) + " at " + where(parser.currentTokenLocation()));
        }
    }

    /** The compact JSON text of a plain Java value. */
    public static String toJson(Object value) {
        return JsonText.of(value);
    }

    /**
     * A one-line description of a parse failure from this class or from Jackson, naming the
     * position when known.
     */
    public static String describe(RuntimeException failure) {
        if (failure instanceof JacksonException jackson) {
            return malformed(jackson).getMessage();
        }
        return failure.getMessage();
    }

    /**
     * Refuses bytes that are not strict UTF-8 (Jackson lets some invalid sequences through).
     *
     * @throws MalformedJsonException naming the offset of the first invalid byte
     */
    public static void requireUtf8(byte[] json, int offset, int length) {
        int invalid = Utf8.firstInvalid(json, offset, length);
        if (invalid >= 0) {
            throw new MalformedJsonException("invalid UTF-8 at byte " + (invalid - offset) + " (0x"
                    + Integer.toHexString(json[invalid] & 0xFF).toUpperCase(java.util.Locale.ROOT) + ")");
        }
    }

    private static MalformedJsonException malformed(JacksonException e) {
        String message = e.getOriginalMessage();
        TokenStreamLocation location = e.getLocation();
        if (message != null) {
            int newline = message.indexOf('\n');
            if (newline > 0) {
                message = message.substring(0, newline);
            }
            // Jackson points at its own input description ("[Source: REDACTED ...]"), useless to a client
            int source = message.indexOf(" (start marker at [Source:");
            if (source < 0) {
                source = message.indexOf(" at [Source:");
            }
            if (source > 0) {
                message = message.substring(0, source);
            }
        }
        return new MalformedJsonException("malformed JSON" + (location == null ? "" : " at " + where(location)) + ": " + message, e);
    }

    private static String where(TokenStreamLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }
}
