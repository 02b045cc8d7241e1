package io.percept.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.SourceName;
import io.percept.platform.JsonValues;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentMessagesTests {

    private static final Instant RECEIVED = Instant.parse("2026-11-27T10:00:00Z");
    private static final MessageDefaults DEFAULTS = new MessageDefaults(new SourceName("shop"), Channel.WEB, RECEIVED, null);

    private static Decoded decode(String json) {
        return decode(json, DEFAULTS);
    }

    private static Decoded decode(String json, MessageDefaults defaults) {
        Map<String, Object> message = JsonValues.parseObject(json);
        return SegmentMessages.decode(message, defaults, () -> "generated-id");
    }

    private static Event accepted(String json) {
        Decoded decoded = decode(json);
        assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
        return ((Decoded.Accepted) decoded).event();
    }

    private static Decoded.Rejected rejected(String json) {
        Decoded decoded = decode(json);
        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        return (Decoded.Rejected) decoded;
    }

    @Test
    void acceptsATrackCallWithItsFields() {
        Event event = accepted("""
                {"type":"track","messageId":"m-1","userId":"u-1","anonymousId":"a-1","event":"Order Completed",
                 "properties":{"revenue":199.5,"products":[{"sku":"P-1"}]},"context":{"ip":"1.2.3.4"},
                 "timestamp":"2026-11-27T09:00:00.123Z","integrations":{"All":true}}""");

        assertThat(event.type()).isEqualTo(EventType.TRACK);
        assertThat(event.messageId().value()).isEqualTo("m-1");
        assertThat(event.source().value()).isEqualTo("shop");
        assertThat(event.channel()).isEqualTo(Channel.WEB);
        assertThat(event.name()).isEqualTo("Order Completed");
        assertThat(event.properties().number("revenue")).hasValue(199.5);
        assertThat(event.context().string("ip")).hasValue("1.2.3.4");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-27T09:00:00.123Z"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.extra().asMap()).containsOnlyKeys("integrations");
    }

    @Test
    void correctsClockSkewWithTheMessageOrTheBatchSentAt() {
        Event ownSentAt = accepted("""
                {"type":"page","anonymousId":"a","originalTimestamp":"2026-11-27T08:00:00Z","sentAt":"2026-11-27T08:00:10Z"}""");
        Decoded batchSentAt = decode("{\"type\":\"page\",\"anonymousId\":\"a\",\"timestamp\":\"2026-11-27T08:00:00Z\"}",
                new MessageDefaults(new SourceName("shop"), Channel.WEB, RECEIVED, Instant.parse("2026-11-27T08:00:30Z")));

        assertThat(ownSentAt.timestamp()).isEqualTo(Instant.parse("2026-11-27T09:59:50Z"));
        assertThat(ownSentAt.originalTimestamp()).isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(((Decoded.Accepted) batchSentAt).event().timestamp()).isEqualTo(Instant.parse("2026-11-27T09:59:30Z"));
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThat(rejected("{\"userId\":\"u\"}")).isEqualTo(new Decoded.Rejected("type",
                "is required: one of track, identify, page, screen, group, alias"));
        assertThat(rejected("{\"type\":\"click\",\"userId\":\"u\"}").reason()).contains("'click' is not one of");
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\"}").field()).isEqualTo("event");
        assertThat(rejected("{\"type\":\"track\",\"event\":\"E\"}").field()).isEqualTo("userId");
        assertThat(rejected("{\"type\":\"track\",\"event\":\"E\",\"userId\":{\"id\":1}}").field()).isEqualTo("userId");
        assertThat(rejected("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"properties\":[1]}").field()).isEqualTo("properties");
        assertThat(rejected("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":\"vip\"}").field()).isEqualTo("traits");
        assertThat(rejected("{\"type\":\"track\",\"event\":7,\"userId\":\"u\"}").reason()).isEqualTo("must be a string");
        assertThat(rejected("{\"type\":\"alias\",\"userId\":\"u\"}").field()).isEqualTo("previousId");
        assertThat(rejected("{\"type\":\"alias\",\"previousId\":\"p\",\"anonymousId\":\"a\"}").field()).isEqualTo("userId");
        assertThat(rejected("{\"type\":\"group\",\"userId\":\"u\"}").field()).isEqualTo("groupId");
    }

    @Test
    void rejectsTimestampsThatAreNotIsoDatesInRange() {
        assertThat(rejected("{\"type\":\"page\",\"anonymousId\":\"a\",\"timestamp\":\"27/11/2026\"}"))
                .satisfies(r -> assertThat(r.field()).isEqualTo("timestamp")).satisfies(r -> assertThat(r.reason()).contains("ISO-8601"));
        assertThat(rejected("{\"type\":\"page\",\"anonymousId\":\"a\",\"sentAt\":1732700000}").field()).isEqualTo("sentAt");
        assertThat(rejected("{\"type\":\"page\",\"anonymousId\":\"a\",\"timestamp\":\"1900-01-01T00:00:00Z\"}").reason()).contains("1970");
    }

    @Test
    void readsTimestampsWithOffsetsOrWithoutThemAsUtc() {
        assertThat(accepted("{\"type\":\"page\",\"anonymousId\":\"a\",\"timestamp\":\"2026-11-27T18:00:00+08:00\"}").timestamp())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(accepted("{\"type\":\"page\",\"anonymousId\":\"a\",\"timestamp\":\"2026-11-27T10:00:00\"}").timestamp())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(accepted("{\"type\":\"page\",\"anonymousId\":\"a\",\"timestamp\":\"2026-11-27\"}").timestamp())
                .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    }

    @Test
    void treatsNumericIdsAsTextAndBlankIdsAsAbsent() {
        Event event = accepted("{\"type\":\"identify\",\"userId\":12345,\"anonymousId\":\"  \",\"messageId\":\"\"}");

        assertThat(event.userId()).isEqualTo("12345");
        assertThat(event.anonymousId()).isNull();
        assertThat(event.messageId().value()).isEqualTo("generated-id");
    }

    @Test
    void letsAMessageNameAPerceptChannelAndKeepsAnyOtherAsClientChannel() {
        assertThat(accepted("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"channel\":\"IoT\"}").channel()).isEqualTo(Channel.IOT);
        Event server = accepted("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"channel\":\"server\"}");
        assertThat(server.channel()).isEqualTo(Channel.WEB);
        assertThat(server.extra().get("clientChannel")).isEqualTo("server");
    }

    @Test
    void dropsTheWriteKeyAndServerFieldsButKeepsEverythingElse() {
        Event event = accepted("""
                {"type":"page","anonymousId":"a","name":"Home","writeKey":"secret-key","receivedAt":"2020-01-01T00:00:00Z",
                 "source":"their-source","event":"odd","category":"Docs","_metadata":{"bundled":["x"]}}""");

        assertThat(event.name()).isEqualTo("Home");
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.extra().asMap()).containsOnlyKeys("clientSource", "event", "category", "_metadata");
        assertThat(event.extra().asMap().toString()).doesNotContain("secret-key");
    }

    @Test
    void limitsTheLengthOfIdsAndNames() {
        assertThat(rejected("{\"type\":\"page\",\"anonymousId\":\"" + "a".repeat(257) + "\"}").reason()).contains("at most 256");
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + "e".repeat(513) + "\"}").reason()).contains("at most 512");
    }
}
