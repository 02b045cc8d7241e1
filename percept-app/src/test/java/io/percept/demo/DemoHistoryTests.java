package io.percept.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.domain.Decoded;
import io.percept.ingest.domain.MessageDefaults;
import io.percept.ingest.domain.SegmentMessages;
import io.percept.platform.JsonValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoHistoryTests {

    private static final Instant END = Instant.parse("2026-11-27T00:00:00Z");

    private static Map<Channel, List<Map<String, Object>>> generate(long seed) {
        return new DemoHistory(new DemoSettings(true, 200, 60, seed), END).generate();
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        assertThat(JsonValues.toJson(generate(7))).isEqualTo(JsonValues.toJson(generate(7)));
        assertThat(JsonValues.toJson(generate(7))).isNotEqualTo(JsonValues.toJson(generate(8)));
    }

    @Test
    void everyMessageIsValidAndWithinTheHistoryWindow() {
        Map<Channel, List<Map<String, Object>>> history = generate(42);
        long messages = 0;
        for (Map.Entry<Channel, List<Map<String, Object>>> entry : history.entrySet()) {
            MessageDefaults defaults = new MessageDefaults(new SourceName("demo"), entry.getKey(), END, null);
            for (Map<String, Object> message : entry.getValue()) {
                Map<String, Object> fresh = JsonValues.parseObject(JsonValues.toJson(message));
                Decoded decoded = SegmentMessages.decode(fresh, defaults, () -> "unused");
                assertThat(decoded).as(message.toString()).isInstanceOf(Decoded.Accepted.class);
                Instant time = ((Decoded.Accepted) decoded).event().timestamp();
                assertThat(time).isBetween(END.minusSeconds(61L * 86400), END);
                messages++;
            }
        }
        assertThat(messages).isGreaterThan(600);
        assertThat(history).containsKeys(Channel.WEB, Channel.APP, Channel.ECOMMERCE, Channel.STORE);
    }

    @Test
    void reviewsAgreeWithTheirRatings() {
        List<Map<String, Object>> reviews = generate(42).get(Channel.ECOMMERCE).stream()
                .filter(message -> "Review Submitted".equals(message.get("event"))).toList();

        assertThat(reviews).isNotEmpty();
        for (Map<String, Object> review : reviews) {
            Map<?, ?> properties = (Map<?, ?>) review.get("properties");
            String text = (String) properties.get("text");
            long rating = (Long) properties.get("rating");
            boolean complaint = text.contains("慢") || text.contains("坏") || text.contains("差") || text.contains("不符")
                    || text.contains("破损") || text.contains("too long") || text.contains("Stopped");
            assertThat(rating <= 2).as(text + " rated " + rating).isEqualTo(complaint);
        }
    }
}
