package io.percept.ingest.domain;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import java.math.BigInteger;
import java.time.DateTimeException;
import io.percept.platform.IsoInstants;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Validates a Segment-spec message (as a JSON object already parsed into maps) and turns it into
 * an {@link Event}. Rules:
 * <ul>
 * <li>{@code type} is one of track, identify, page, screen, group, alias (any case);</li>
 * <li>{@code userId} or {@code anonymousId} is present (alias: {@code userId} and
 *     {@code previousId}); ids are strings or numbers of at most {@value #MAX_ID_LENGTH}
 *     characters, blank counts as absent;</li>
 * <li>track needs {@code event}; group needs {@code groupId}; names are at most
 *     {@value #MAX_NAME_LENGTH} characters;</li>
 * <li>{@code properties}, {@code traits}, {@code context} are objects;</li>
 * <li>{@code timestamp}, {@code originalTimestamp}, {@code sentAt} are ISO-8601 date-times
 *     (without an offset they are read as UTC) between 1970 and 2200;</li>
 * <li>a missing {@code messageId} is supplied by the caller (random for live traffic,
 *     derived from the content for imports, so a re-import is recognisable);</li>
 * <li>{@code channel}, when it names a Percept channel, overrides the source's; any other value
 *     (Segment libraries send e.g. {@code "server"}) is kept as {@code clientChannel};</li>
 * <li>{@code receivedAt} is the server's and {@code writeKey} a credential: both are dropped; a
 *     client {@code source} is kept as {@code clientSource}; every other unknown field is kept.</li>
 * </ul>
 * The event's time is corrected for clock skew by {@link ClockSkew}.
 */
public final class SegmentMessages {

    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_NAME_LENGTH = 512;

    /**
     * Fields read into the event, or dropped ({@code receivedAt}, {@code writeKey}); others go to
     * {@code extra}, as do {@code event} on calls other than track and {@code name} on calls other
     * than page and screen.
     */
    private static final Set<String> KNOWN = Set.of("type", "messageId", "userId", "anonymousId", "previousId",
            "groupId", "timestamp", "originalTimestamp", "sentAt", "properties", "traits", "context", "channel",
            "receivedAt", "writeKey");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private SegmentMessages() {
    }

    /** Thrown inside the decoder to abandon a message; becomes a {@link Decoded.Rejected}. */
    private static final class Invalid extends RuntimeException {

        private final String field;

        Invalid(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    /**
     * Validates {@code message}.
     *
     * @param message           a JSON object freshly parsed into maps and lists; the decoder takes
     *                          ownership of its nested objects
     * @param defaults          what the server knows: source, its channel, receive and batch send times
     * @param fallbackMessageId supplies the id when the message has none
     */
    public static Decoded decode(Map<String, Object> message, MessageDefaults defaults, Supplier<String> fallbackMessageId) {
        try {
            return new Decoded.Accepted(toEvent(message, defaults, fallbackMessageId));
        } catch (Invalid invalid) {
            return new Decoded.Rejected(invalid.field, invalid.getMessage());
        }
    }

    private static Event toEvent(Map<String, Object> message, MessageDefaults defaults, Supplier<String> fallbackMessageId) {
        EventType type = type(message.get("type"));
        String userId = id(message, "userId");
        String anonymousId = id(message, "anonymousId");
        String previousId = id(message, "previousId");
        String groupId = id(message, "groupId");
        String name = null;
        switch (type) {
            case TRACK -> {
                name = name(message, "event");
                if (name == null) {
                    throw new Invalid("event", "is required for a track call (the name of the action, e.g. \"Order Completed\")");
                }
            }
            case PAGE, SCREEN -> name = name(message, "name");
            case ALIAS -> {
                if (previousId == null) {
                    throw new Invalid("previousId", "is required for an alias call");
                }
                if (userId == null) {
                    throw new Invalid("userId", "is required for an alias call");
                }
            }
            case GROUP -> {
                if (groupId == null) {
                    throw new Invalid("groupId", "is required for a group call");
                }
            }
            default -> {
            }
        }
        if (userId == null && anonymousId == null) {
            throw new Invalid("userId", "a userId or an anonymousId is required");
        }
        String messageIdText = id(message, "messageId");
        MessageId messageId;
        try {
            messageId = new MessageId(messageIdText != null ? messageIdText : fallbackMessageId.get());
        } catch (IllegalArgumentException e) {
            throw new Invalid("messageId", e.getMessage());
        }
        Instant timestamp = instant(message, "timestamp");
        Instant originalTimestamp = instant(message, "originalTimestamp");
        Instant sentAt = instant(message, "sentAt");
        Instant original = originalTimestamp != null ? originalTimestamp : timestamp;
        Instant effectiveSentAt = sentAt != null ? sentAt : defaults.batchSentAt();
        Attributes properties = object(message, "properties");
        Attributes traits = object(message, "traits");
        Attributes context = object(message, "context");

        Channel channel = defaults.channel();
        Map<String, Object> extra = null;
        Object clientChannel = message.get("channel");
        if (clientChannel instanceof String channelName && Channel.fromWireName(channelName.strip()) != null) {
            channel = Channel.fromWireName(channelName.strip());
        } else if (clientChannel != null) {
            extra = new LinkedHashMap<>();
            extra.put("clientChannel", clientChannel);
        }
        for (Map.Entry<String, Object> field : message.entrySet()) {
            String key = field.getKey();
            boolean nameField = type == EventType.TRACK ? key.equals("event")
                    : (type == EventType.PAGE || type == EventType.SCREEN) && key.equals("name");
            if (!KNOWN.contains(key) && !nameField) {
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(key.equals("source") ? "clientSource" : key, field.getValue());
            }
        }
        try {
            return new Event(type, messageId, defaults.source(), channel, userId, anonymousId, name, previousId, groupId,
                    ClockSkew.correct(original, effectiveSentAt, defaults.receivedAt()), original, effectiveSentAt,
                    defaults.receivedAt(), properties, traits, context, Attributes.adopt(extra));
        } catch (IllegalArgumentException e) {
            throw new Invalid("message", e.getMessage());
        }
    }

    private static EventType type(Object value) {
        if (value == null) {
            throw new Invalid("type", "is required: one of track, identify, page, screen, group, alias");
        }
        if (!(value instanceof String text)) {
            throw new Invalid("type", "must be a string: one of track, identify, page, screen, group, alias");
        }
        EventType type = EventType.fromWireName(text.strip());
        if (type == null) {
            throw new Invalid("type", "'" + abbreviate(text) + "' is not one of track, identify, page, screen, group, alias");
        }
        return type;
    }

    private static String id(Map<String, Object> message, String field) {
        Object value = message.get(field);
        String text;
        if (value == null) {
            return null;
        } else if (value instanceof String string) {
            text = string;
        } else if (value instanceof Long || value instanceof BigInteger) {
            text = value.toString();
        } else if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            text = Long.toString(number.longValue());
        } else {
            throw new Invalid(field, "must be a string or an integer");
        }
        if (text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_ID_LENGTH) {
            throw new Invalid(field, "must be at most " + MAX_ID_LENGTH + " characters, was " + text.length());
        }
        return text;
    }

    private static String name(Map<String, Object> message, String field) {
        Object value = message.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new Invalid(field, "must be a string");
        }
        if (text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_NAME_LENGTH) {
            throw new Invalid(field, "must be at most " + MAX_NAME_LENGTH + " characters, was " + text.length());
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static Attributes object(Map<String, Object> message, String field) {
        Object value = message.get(field);
        if (value == null) {
            return Attributes.EMPTY;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new Invalid(field, "must be a JSON object");
        }
        return Attributes.adopt((Map<String, Object>) map);
    }

    private static Instant instant(Map<String, Object> message, String field) {
        Object value = message.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new Invalid(field, "must be an ISO-8601 date-time string such as 2026-11-27T08:30:00.000Z");
        }
        Instant instant = parseInstant(text.strip());
        if (instant == null) {
            throw new Invalid(field, "'" + abbreviate(text) + "' is not an ISO-8601 date-time such as 2026-11-27T08:30:00.000Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new Invalid(field, "'" + abbreviate(text) + "' is outside the years 1970 to 2200");
        }
        return instant;
    }

    /** Parses ISO-8601 with {@code Z} or an offset, or without one (as UTC), or a bare date (UTC midnight). */
    static Instant parseInstant(String text) {
        Instant fast = IsoInstants.parseOffsetDateTime(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException withoutOffset) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeException notADate) {
                    return null;
                }
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
