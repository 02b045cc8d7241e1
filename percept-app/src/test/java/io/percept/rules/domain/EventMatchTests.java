package io.percept.rules.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EventMatchTests {

    private final TestEvents events = new TestEvents();
    private final Event order = events.event(EventType.TRACK, Channel.APP, "Order Completed", Duration.ZERO, Map.of(
            "price", 199.5, "total", "250.00", "currency", "CNY", "gift", true, "tags", List.of("sale", "new"),
            "address", Map.of("region", "华东"), "note", "express delivery"));

    @Test
    void matchesTypeNamesAndChannels() {
        assertThat(EventMatch.named("Order Completed").matches(order)).isTrue();
        assertThat(EventMatch.named("order completed").matches(order)).as("names ignore case, as in segments").isTrue();
        assertThat(EventMatch.named("Order").matches(order)).isFalse();
        assertThat(new EventMatch(EventType.PAGE, List.of(), List.of(), List.of()).matches(order)).isFalse();
        assertThat(new EventMatch(EventType.TRACK, List.of("Cart Added", "Order Completed"), List.of(Channel.WEB, Channel.APP), List.of())
                .matches(order)).isTrue();
        assertThat(new EventMatch(null, List.of(), List.of(Channel.WEB), List.of()).matches(order)).isFalse();
        assertThat(new EventMatch(null, List.of(), List.of(), List.of()).matches(order)).as("an empty match takes any event").isTrue();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            properties.price          | >=       | 100              | true
            properties.price          | <        | 100              | false
            properties.price          | =        | 199.5            | true
            properties.total          | >        | 200              | true
            properties.total          | =        | 250              | true
            properties.currency       | =        | CNY              | true
            properties.currency       | =        | cny              | false
            properties.currency       | !=       | USD              | true
            properties.missing        | !=       | USD              | true
            properties.missing        | >        | 0                | false
            properties.missing        | <        | 0                | false
            properties.currency       | >        | 0                | false
            properties.gift           | =        | true             | true
            properties.address.region | =        | 华东             | true
            properties.note           | contains | express          | true
            properties.tags           | contains | sale             | true
            properties.tags           | contains | old              | false
            properties.currency       | in       | CNY,USD          | true
            properties.price          | in       | 10,199.5         | true
            properties.currency       | in       | EUR,USD          | false
            properties.price          | exists   |                  | true
            properties.missing        | exists   |                  | false
            properties.missing        | exists   | false            | true
            name                      | =        | Order Completed  | true
            channel                   | =        | app              | true
            type                      | =        | track            | true
            userId                    | =        | u-1              | true
            """)
    void comparesValues(String property, String op, String value, boolean expected) {
        Comparison comparison = new Comparison(property, Operator.ofSymbol(op), value(op, value));

        assertThat(comparison.test(order)).isEqualTo(expected);
    }

    private static Object value(String op, String text) {
        if (op.equals("in")) {
            return List.of(text.split(",")).stream().map(EventMatchTests::scalar).toList();
        }
        if (op.equals("exists")) {
            return text == null ? null : Boolean.valueOf(text);
        }
        return scalar(text);
    }

    private static Object scalar(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        try {
            return text.contains(".") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            return text;
        }
    }

    @Test
    void segmentTriggersMatchTheLogsSegmentEvents() {
        Event entered = events.event(EventType.TRACK, Channel.SYSTEM, "Segment Entered", Duration.ZERO, Map.of("segment", "crossing-churnRisk-above-0_7"));
        Event exited = events.event(EventType.TRACK, Channel.SYSTEM, "Segment Exited", Duration.ZERO, Map.of("segment", "at-risk"));

        assertThat(new Trigger.OnCrossing("churnRisk", 0.7, true).matches(entered)).isTrue();
        assertThat(new Trigger.OnCrossing("churnRisk", 0.8, true).matches(entered)).isFalse();
        assertThat(new Trigger.OnSegment("at-risk", false).matches(exited)).isTrue();
        assertThat(new Trigger.OnSegment("at-risk", true).matches(exited)).isFalse();
        Event initial = events.event(EventType.TRACK, Channel.SYSTEM, "Segment Entered", Duration.ZERO,
                Map.of("segment", "crossing-churnRisk-above-0_7", "initial", true));
        assertThat(new Trigger.OnCrossing("churnRisk", 0.7, true).matches(initial)).as("beyond already when the segment was made").isFalse();
    }
}
