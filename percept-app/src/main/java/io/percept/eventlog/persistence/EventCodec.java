package io.percept.eventlog.persistence;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.platform.IsoInstants;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.JsonText;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import io.percept.platform.PiiCipher;
import java.util.function.UnaryOperator;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

/**
 * The canonical stored form of an event: a Segment-spec JSON message with Percept's
 * {@code source}, {@code channel} and {@code receivedAt} added, so anything that reads Segment
 * JSON can read the log. Fields the client sent beyond the spec are kept at the top level.
 */
public final class EventCodec {

    private EventCodec() {
    }

    /** The canonical JSON of {@code event}. */
    public static String encode(Event event) {
        return encode(event, PiiCipher.none());
    }

    /**
     * The canonical JSON of {@code event} as the store keeps it: the personal traits (in
     * {@code traits} and {@code context.traits}) sealed by {@code cipher}, everything else as it is,
     * so SQL on the payload keeps working for the other fields.
     */
    public static String encode(Event event, PiiCipher cipher) {
        StringBuilder json = new StringBuilder(384);
        json.append("{\"type\":\"").append(event.type().wireName()).append('"');
        writeOptional(json, "messageId", event.messageId().value());
        writeOptional(json, "source", event.source().value());
        json.append(",\"channel\":\"").append(event.channel().wireName()).append('"');
        writeOptional(json, "userId", event.userId());
        writeOptional(json, "anonymousId", event.anonymousId());
        writeOptional(json, nameField(event.type()), event.name());
        writeOptional(json, "previousId", event.previousId());
        writeOptional(json, "groupId", event.groupId());
        writeInstant(json, "timestamp", event.timestamp());
        writeInstant(json, "originalTimestamp", event.originalTimestamp());
        writeInstant(json, "sentAt", event.sentAt());
        writeInstant(json, "receivedAt", event.receivedAt());
        writeAttributes(json, "properties", event.properties());
        if (cipher.enabled()) {
            writeMap(json, "traits", cipher.sealTraits(event.traits().asMap()));
            writeMap(json, "context", withTraits(event.context().asMap(), cipher::sealTraits));
        } else {
            writeAttributes(json, "traits", event.traits());
            writeAttributes(json, "context", event.context());
        }
        for (Map.Entry<String, Object> extra : event.extra().asMap().entrySet()) {
            json.append(',');
            JsonText.appendString(json, extra.getKey());
            json.append(':');
            JsonText.append(json, extra.getValue());
        }
        return json.append('}').toString();
    }

    /**
     * The event whose canonical JSON is {@code payload}.
     *
     * @throws MalformedJsonException if the payload is not a canonical event
     */
    public static Event decode(String payload) {
        return decode(payload, PiiCipher.none());
    }

    /**
     * The event whose stored JSON is {@code payload}, its sealed traits opened by {@code cipher}.
     *
     * @throws MalformedJsonException if the payload is not a canonical event
     * @throws io.percept.platform.EncryptionKeyException if a sealed value cannot be opened with {@code cipher}
     */
    public static Event decode(String payload, PiiCipher cipher) {
        try (JsonParser json = JsonValues.factory().createParser(ObjectReadContext.empty(), payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("stored event is not a JSON object");
            }
            EventType type = null;
            String messageId = null;
            String source = null;
            Channel channel = null;
            String userId = null;
            String anonymousId = null;
            String name = null;
            String previousId = null;
            String groupId = null;
            Instant timestamp = null;
            Instant originalTimestamp = null;
            Instant sentAt = null;
            Instant receivedAt = null;
            Attributes properties = Attributes.EMPTY;
            Attributes traits = Attributes.EMPTY;
            Attributes context = Attributes.EMPTY;
            Map<String, Object> extra = null;
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "type" -> type = EventType.fromWireName(json.getString());
                    case "messageId" -> messageId = json.getString();
                    case "source" -> source = json.getString();
                    case "channel" -> channel = Channel.fromWireName(json.getString());
                    case "userId" -> userId = json.getString();
                    case "anonymousId" -> anonymousId = json.getString();
                    case "event", "name" -> {
                        if (field.equals(nameField(type))) {
                            name = json.getString();
                        } else {
                            extra = putExtra(extra, field, JsonValues.readValue(json));
                        }
                    }
                    case "previousId" -> previousId = json.getString();
                    case "groupId" -> groupId = json.getString();
                    case "timestamp" -> timestamp = IsoInstants.parse(json.getString());
                    case "originalTimestamp" -> originalTimestamp = IsoInstants.parse(json.getString());
                    case "sentAt" -> sentAt = IsoInstants.parse(json.getString());
                    case "receivedAt" -> receivedAt = IsoInstants.parse(json.getString());
                    case "properties" -> properties = Attributes.adopt(JsonValues.readObject(json));
                    case "traits" -> traits = Attributes.adopt(cipher.openTraits(JsonValues.readObject(json)));
                    case "context" -> context = Attributes.adopt(withTraits(JsonValues.readObject(json), cipher::openTraits));
                    default -> extra = putExtra(extra, field, JsonValues.readValue(json));
                }
            }
            if (type == null || channel == null || messageId == null || source == null) {
                throw new MalformedJsonException("stored event lacks type, channel, messageId or source: " + abbreviate(payload));
            }
            return new Event(type, new MessageId(messageId), new SourceName(source), channel, userId, anonymousId, name,
                    previousId, groupId, timestamp, originalTimestamp, sentAt, receivedAt, properties, traits, context,
                    Attributes.adopt(extra));
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
            if (e instanceof MalformedJsonException malformed) {
                throw malformed;
            }
            throw new MalformedJsonException("stored event cannot be decoded (" + e.getMessage() + "): " + abbreviate(payload), e);
        }
    }

    /** The field that holds {@link Event#name()}: {@code event} for track, {@code name} otherwise. */
    private static String nameField(EventType type) {
        return type == EventType.TRACK ? "event" : "name";
    }

    private static Map<String, Object> putExtra(Map<String, Object> extra, String field, Object value) {
        Map<String, Object> map = extra != null ? extra : new LinkedHashMap<>();
        map.put(field, value);
        return map;
    }

    /** Field names here are plain ASCII and need no escaping. */
    private static void writeOptional(StringBuilder json, String field, String value) {
        if (value != null) {
            json.append(",\"").append(field).append("\":");
            JsonText.appendString(json, value);
        }
    }

    private static void writeInstant(StringBuilder json, String field, Instant value) {
        if (value != null) {
            json.append(",\"").append(field).append("\":\"").append(IsoInstants.format(value)).append('"');
        }
    }

    private static void writeAttributes(StringBuilder json, String field, Attributes value) {
        if (!value.isEmpty()) {
            json.append(",\"").append(field).append("\":");
            JsonText.append(json, value.asMap());
        }
    }

    private static void writeMap(StringBuilder json, String field, Map<String, Object> value) {
        if (!value.isEmpty()) {
            json.append(",\"").append(field).append("\":");
            JsonText.append(json, value);
        }
    }

    /** {@code context} with its {@code traits} object changed by {@code change}; the same map when it has none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withTraits(Map<String, Object> context, UnaryOperator<Map<String, Object>> change) {
        if (!(context.get("traits") instanceof Map<?, ?> traits)) {
            return context;
        }
        Map<String, Object> changed = change.apply((Map<String, Object>) traits);
        if (changed == traits) {
            return context;
        }
        Map<String, Object> copy = new LinkedHashMap<>(context);
        copy.put("traits", changed);
        return copy;
    }

    private static String abbreviate(String payload) {
        return payload.length() <= 200 ? payload : payload.substring(0, 200) + "...";
    }
}
