package io.percept.ingest.web;

import io.percept.eventlog.EventType;
import io.percept.ingest.IngestSettings;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.InflaterInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads tracking requests the way Segment's and RudderStack's clients send them: a JSON body
 * (plain, gzip or deflate; {@code application/json} or, from browsers, {@code text/plain}), the
 * write key as the HTTP Basic user or as {@code writeKey} in the body, and for batches
 * {@code {"batch":[...], "sentAt":..., "context":...}}. Enforces the limits before and while
 * reading, so an oversized or compressed-bomb body costs at most the limit.
 */
final class TrackingRequests {

    /** A request read and parsed. */
    record Parsed(List<Map<String, Object>> messages, Instant sentAt, String writeKey) {
    }

    private final IngestSettings.Limits limits;

    TrackingRequests(IngestSettings.Limits limits) {
        this.limits = limits;
    }

    /** The write key from {@code Authorization: Basic base64(key:)}, or {@code null} without the header. */
    static String basicAuthUser(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new TrackingException(401, "invalid_authorization", "send the write key as HTTP Basic user (empty password) "
                    + "or as writeKey in the body");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TrackingException(401, "invalid_authorization", "the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
    }

    /** Refuses content types other than JSON and text (what browsers send to avoid a CORS preflight). */
    static void checkContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("text/plain") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new TrackingException(415, "unsupported_media_type", "send JSON as application/json (or text/plain), not " + type);
        }
    }

    /** The body, decompressed, no larger than the request limit. */
    byte[] body(HttpServletRequest request) throws IOException {
        long max = limits.maxRequestSize().toBytes();
        String encoding = request.getHeader("Content-Encoding");
        boolean compressed = encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity");
        String name = compressed ? encoding.strip().toLowerCase(Locale.ROOT) : "identity";
        if (!compressed && request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        InputStream in = request.getInputStream();
        if (compressed) {
            try {
                if (name.equals("gzip") || name.equals("x-gzip")) {
                    in = new GZIPInputStream(in, 8192);
                } else if (name.equals("deflate")) {
                    in = new InflaterInputStream(in);
                } else {
                    throw new TrackingException(415, "unsupported_encoding", "Content-Encoding " + name + " is not supported (use gzip)");
                }
            } catch (ZipException | java.io.EOFException e) {
                throw new TrackingException(400, "invalid_compression", "the body is not valid " + name + " data");
            }
        }
        byte[] buffer = new byte[(int) Math.min(max + 1, Math.max(8192, request.getContentLengthLong() > 0 && !compressed
                ? request.getContentLengthLong() : 65536))];
        int length = 0;
        try {
            int read;
            while ((read = in.read(buffer, length, buffer.length - length)) > 0) {
                length += read;
                if (length > max) {
                    throw tooLarge(max);
                }
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(max + 1, (long) buffer.length * 2));
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new TrackingException(400, "invalid_compression", "the body is not valid " + name + " data: " + e.getMessage());
        }
        if (length == 0) {
            throw new TrackingException(400, "invalid_json", "the body is empty; send a JSON object");
        }
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static TrackingException tooLarge(long max) {
        return new TrackingException(413, "request_too_large", "the request body is larger than " + max + " bytes")
                .with("limit", max);
    }

    /** A body holding any JSON value (a webhook delivery). */
    static Object anyJson(byte[] body) {
        try {
            return JsonValues.parse(body);
        } catch (MalformedJsonException e) {
            throw new TrackingException(400, "invalid_json", "the body is not valid JSON: " + e.getMessage());
        }
    }

    /** A single call ({@code /v1/track} and so on): the body is the message. */
    Parsed single(byte[] body, EventType type) {
        if (body.length > limits.maxEventSize().toBytes()) {
            throw eventTooLarge(0, body.length);
        }
        Map<String, Object> message;
        try {
            message = JsonValues.parseObject(body);
        } catch (MalformedJsonException e) {
            throw new TrackingException(400, "invalid_json", e.getMessage());
        }
        Object declared = message.get("type");
        if (declared == null) {
            message.put("type", type.wireName());
        } else if (!(declared instanceof String text) || EventType.fromWireName(text.strip()) != type) {
            throw new TrackingException(400, "invalid_event", "type '" + declared + "' does not match the endpoint /v1/" + type.wireName())
                    .with("index", 0).with("field", "type");
        }
        Object writeKey = message.remove("writeKey");
        return new Parsed(List.of(message), null, writeKey instanceof String key ? key : null);
    }

    /** A batch ({@code /v1/batch}, {@code /v1/import}): {@code {"batch":[...], ...}}. */
    Parsed batch(byte[] body) {
        List<Map<String, Object>> messages = null;
        Instant sentAt = null;
        String writeKey = null;
        Map<String, Object> context = null;
        Map<String, Object> integrations = null;
        try {
            JsonValues.requireUtf8(body, 0, body.length);
        } catch (MalformedJsonException e) {
            throw new TrackingException(400, "invalid_json", e.getMessage());
        }
        try (JsonParser json = JsonValues.factory().createParser(ObjectReadContext.empty(), body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new TrackingException(400, "invalid_json", "the body must be a JSON object with a batch array");
            }
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "batch" -> messages = batchArray(json, value);
                    case "sentAt" -> sentAt = instant(json, value, "sentAt");
                    case "writeKey" -> writeKey = value == JsonToken.VALUE_STRING ? json.getString() : null;
                    case "context" -> context = object(json, value, "context");
                    case "integrations" -> integrations = object(json, value, "integrations");
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new TrackingException(400, "invalid_json", "unexpected content after the JSON object");
            }
        } catch (JacksonException | MalformedJsonException e) {
            throw new TrackingException(400, "invalid_json", JsonValues.describe(e));
        }
        if (messages == null) {
            throw new TrackingException(400, "invalid_request", "the body has no batch array").with("field", "batch");
        }
        if (context != null || integrations != null) {
            for (Map<String, Object> message : messages) {
                mergeDefaults(message, "context", context);
                mergeDefaults(message, "integrations", integrations);
            }
        }
        return new Parsed(messages, sentAt, writeKey);
    }

    private List<Map<String, Object>> batchArray(JsonParser json, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            throw new TrackingException(400, "invalid_request", "batch must be an array of messages").with("field", "batch");
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            int index = messages.size();
            if (index >= limits.maxBatchEvents()) {
                throw new TrackingException(400, "batch_too_large", "a batch holds at most " + limits.maxBatchEvents() + " messages")
                        .with("limit", limits.maxBatchEvents());
            }
            if (token != JsonToken.START_OBJECT) {
                throw new TrackingException(400, "invalid_event", "batch[" + index + "] must be a JSON object").with("index", index);
            }
            long start = json.currentTokenLocation().getByteOffset();
            Map<String, Object> message = JsonValues.readObject(json);
            long size = json.currentTokenLocation().getByteOffset() + 1 - start;
            if (size > limits.maxEventSize().toBytes()) {
                throw eventTooLarge(index, size);
            }
            message.remove("writeKey");
            messages.add(message);
        }
        return messages;
    }

    private TrackingException eventTooLarge(int index, long size) {
        long max = limits.maxEventSize().toBytes();
        return new TrackingException(400, "event_too_large", "message " + index + " is " + size + " bytes; a message may be at most "
                + max + " bytes").with("index", index).with("limit", max);
    }

    private static Instant instant(JsonParser json, JsonToken value, String field) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        try {
            if (value == JsonToken.VALUE_STRING) {
                return OffsetDateTime.parse(json.getString().strip()).toInstant();
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw new TrackingException(400, "invalid_request", field + " must be an ISO-8601 date-time such as 2026-11-27T08:30:00.000Z")
                .with("field", field);
    }

    private static Map<String, Object> object(JsonParser json, JsonToken value, String field) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new TrackingException(400, "invalid_request", field + " must be a JSON object").with("field", field);
        }
        return JsonValues.readObject(json);
    }

    /** Adds the batch's defaults under {@code field} to a message; the message's own values win. */
    @SuppressWarnings("unchecked")
    private static void mergeDefaults(Map<String, Object> message, String field, Map<String, Object> defaults) {
        if (defaults == null || defaults.isEmpty()) {
            return;
        }
        Object own = message.get(field);
        if (own == null) {
            message.put(field, new LinkedHashMap<>(defaults));
        } else if (own instanceof Map<?, ?> map) {
            Map<String, Object> merged = new LinkedHashMap<>(defaults);
            merged.putAll((Map<String, Object>) map);
            message.put(field, merged);
        }
    }
}
