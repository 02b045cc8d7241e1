package io.percept.rules.domain;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Events of one customer at times after {@link #T0}, with message ids m-1, m-2, ... */
final class TestEvents {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private int counter;

    Event track(String name, Duration after) {
        return track(name, after, Map.of());
    }

    Event track(String name, Duration after, Map<String, Object> properties) {
        return event(EventType.TRACK, Channel.WEB, name, after, properties);
    }

    Event event(EventType type, Channel channel, String name, Duration after, Map<String, Object> properties) {
        Instant at = T0.plus(after);
        return Event.builder(type, new MessageId("m-" + (++counter)), new SourceName("shop"), channel).userId("u-1").name(name)
                .properties(Attributes.copyOf(properties)).timestamp(at).receivedAt(at).build();
    }

    static long micros(Duration after) {
        return RuleEngine.micros(T0.plus(after));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    static Rule rule(String yaml) {
        return Rule.fromDocument(yaml(yaml));
    }
}
