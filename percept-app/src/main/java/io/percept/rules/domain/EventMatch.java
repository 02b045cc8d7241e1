package io.percept.rules.domain;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import java.util.List;
import java.util.Map;

/**
 * Which events a rule reacts to or counts: {@code {type: track, name: [...], channel: [...], where: [...]}}.
 * Every part is optional and they all must hold. Names compare ignoring case, as the segment
 * language's {@code events(name = ...)} does, so a rule and a segment written alike see the same events.
 *
 * @param type     the call type; {@code null} for any
 * @param names    the event (or page/screen) names of which one must be the event's; empty for any
 * @param channels the channels of which one must be the event's; empty for any
 * @param where    comparisons on the event's values that must all hold
 */
public record EventMatch(EventType type, List<String> names, List<Channel> channels, List<Comparison> where) {

    private static final List<String> FIELDS = List.of("type", "name", "channel", "where");

    public EventMatch {
        names = List.copyOf(names);
        channels = List.copyOf(channels);
        where = List.copyOf(where);
        if (names.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("event names must not be blank");
        }
    }

    /** Events with one of these names, of any type and channel. */
    public static EventMatch named(String... names) {
        return new EventMatch(null, List.of(names), List.of(), List.of());
    }

    /** Whether {@code event} is one this match describes. */
    public boolean matches(Event event) {
        if (type != null && event.type() != type) {
            return false;
        }
        if (!names.isEmpty() && !hasName(event.name())) {
            return false;
        }
        if (!channels.isEmpty() && !channels.contains(event.channel())) {
            return false;
        }
        for (Comparison comparison : where) {
            if (!comparison.test(event)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasName(String name) {
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** This match as a document object (lists for names and channels, absent parts left out). */
    public Map<String, Object> toDocument() {
        return Documents.of("type", type == null ? null : type.wireName(), "name", names.isEmpty() ? null : names,
                "channel", channels.isEmpty() ? null : channels.stream().map(Channel::wireName).toList(),
                "where", where.isEmpty() ? null : where.stream().map(Comparison::toDocument).toList());
    }

    static EventMatch parse(Node node) {
        node.required().object(FIELDS);
        EventType type = null;
        Node typeNode = node.field("type");
        if (typeNode.present()) {
            type = EventType.fromWireName(typeNode.text());
            if (type == null) {
                throw typeNode.error("unknown event type '" + typeNode.value() + "' (one of track identify page screen group alias)");
            }
        }
        List<String> names = node.field("name").listOrSingle().stream().map(Node::text).toList();
        List<Channel> channels = node.field("channel").listOrSingle().stream().map(EventMatch::channel).toList();
        Node whereNode = node.field("where");
        List<Comparison> where = whereNode.present() ? whereNode.list().stream().map(Comparison::parse).toList() : List.of();
        return new EventMatch(type, names, channels, where);
    }

    private static Channel channel(Node node) {
        Channel channel = Channel.fromWireName(node.text());
        if (channel == null) {
            throw node.error("unknown channel '" + node.value() + "' (one of " + Channel.wireNames() + ")");
        }
        return channel;
    }
}
