package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Event;
import io.percept.eventlog.TestEvents;
import io.percept.platform.JsonValues;
import io.percept.platform.EncryptionKeyException;
import io.percept.platform.MalformedJsonException;
import io.percept.platform.PiiCipher;
import io.percept.eventlog.Attributes;
import java.util.Base64;
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
    void sealsPersonalTraitsOnlyAndDecodesThemBack() {
        PiiCipher cipher = PiiCipher.of(Base64.getEncoder().encodeToString(new byte[32]), PiiCipher.DEFAULT_FIELDS);
        Event identify = TestEvents.oneOfEachType().get(1);
        Event withContext = Event.builder(identify.type(), identify.messageId(), identify.source(), identify.channel()).userId("u1")
                .traits(identify.traits()).context(Attributes.copyOf(Map.of("ip", "203.0.113.9", "traits", Map.of("phone", "+8613800000001",
                        "plan", "pro")))).receivedAt(identify.receivedAt()).build();

        String stored = EventCodec.encode(withContext, cipher);

        assertThat(stored).doesNotContain("u1@example.com", "13800000001").contains("\"vip\":true", "\"plan\":\"pro\"",
                "203.0.113.9", "\"userId\":\"u1\"");
        Map<String, Object> json = JsonValues.parseObject(stored);
        assertThat((String) ((Map<?, ?>) json.get("traits")).get("email")).startsWith("enc1:" + cipher.keyId() + ":");
        assertThat(EventCodec.decode(stored, cipher)).isEqualTo(withContext);
        assertThat(EventCodec.encode(withContext, PiiCipher.none())).isEqualTo(EventCodec.encode(withContext)).contains("u1@example.com");
        assertThatThrownBy(() -> EventCodec.decode(stored)).isInstanceOf(EncryptionKeyException.class);
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
