package io.percept.rules.domain;

import io.percept.eventlog.Event;
import java.util.List;

/**
 * Dotted paths into an event: {@code properties.<key>...}, {@code traits.<key>...},
 * {@code context.<key>...} (descending through nested objects) or one of the top-level fields
 * {@code type name channel userId anonymousId groupId previousId messageId source}. Type and
 * channel read as their wire names ({@code track}, {@code web}).
 */
final class EventPaths {

    static final List<String> FIELDS = List.of("type", "name", "channel", "userId", "anonymousId", "groupId", "previousId",
            "messageId", "source");
    private static final List<String> OBJECTS = List.of("properties.", "traits.", "context.");

    private EventPaths() {
    }

    static boolean isValid(String path) {
        if (FIELDS.contains(path)) {
            return true;
        }
        for (String object : OBJECTS) {
            if (path.startsWith(object) && path.length() > object.length() && !path.endsWith(".") && !path.contains("..")) {
                return true;
            }
        }
        return false;
    }

    /** {@code path} if valid, else an error at {@code node} explaining the form. */
    static String check(Node node) {
        String path = node.text();
        if (!isValid(path)) {
            throw node.error("unknown event path '" + path + "' (properties.<key>, traits.<key>, context.<key> or one of "
                    + String.join(" ", FIELDS) + ")");
        }
        return path;
    }

    /** The value at a valid {@code path}; {@code null} where it is missing. */
    static Object value(Event event, String path) {
        if (path.startsWith("properties.")) {
            return event.properties().path(path.substring("properties.".length()));
        }
        if (path.startsWith("traits.")) {
            return event.traits().path(path.substring("traits.".length()));
        }
        if (path.startsWith("context.")) {
            return event.context().path(path.substring("context.".length()));
        }
        return switch (path) {
            case "type" -> event.type().wireName();
            case "name" -> event.name();
            case "channel" -> event.channel().wireName();
            case "userId" -> event.userId();
            case "anonymousId" -> event.anonymousId();
            case "groupId" -> event.groupId();
            case "previousId" -> event.previousId();
            case "messageId" -> event.messageId().value();
            case "source" -> event.source().value();
            default -> throw new IllegalArgumentException("not an event path: " + path);
        };
    }

    /** A number, or a text that reads as one ({@code "199.00"}); {@code null} for anything else. */
    static Double number(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }
}
