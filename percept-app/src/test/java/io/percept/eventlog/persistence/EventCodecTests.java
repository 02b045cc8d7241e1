package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Event;
import io.percept.eventlog.TestEvents;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTests {

    @Test
    void roundTripsEveryCallTypeExactly() {
        for (Event event : TestEvents.oneOfEachType()) {
            assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void writesSegmentShapedJson() {
        Event order = TestEvents.oneOfEachType().get(0);

        Map<String, Object> json = JsonValues.parseObject(EventCodec.encode(order));

        assertThat(json).containsEntry("type", "track").containsEntry("event", "Order Completed").containsEntry("channel", "ecommerce")
                .containsEntry("source", "test-source").containsEntry("userId", "u1").containsEntry("timestamp", "2026-11-01T08:00:00Z")
                .containsEntry("name", "shadowed name").containsKey("integrations").containsKey("properties");
        assertThat(json.keySet()).startsWith("type", "messageId", "source", "channel");
    }

    @Test
    void explainsAPayloadThatIsNotAStoredEvent() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"track\"}")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("lacks");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"track\",\"timestamp\":\"yesterday\"}"))
                .isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> EventCodec.decode("not json")).isInstanceOf(MalformedJsonException.class);
    }
}
