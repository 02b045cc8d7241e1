package io.percept.ingest.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rudderstack.sdk.java.analytics.RudderAnalytics;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import io.percept.PerceptApplication;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The official clients, unchanged but for their endpoint: Segment's analytics-java posts to
 * {@code /v1/import/} with the key in the body; RudderStack's posts gzip to {@code /v1/batch}
 * with Basic auth. Every call type arrives with its fields intact.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OfficialClientsTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String data = TestServers.temporaryDirectory("percept-clients-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.ingest.write-keys", () -> "segment-app:app:key-segment-0001,rudder-srv:ecommerce:key-rudder-0001");
    }

    @LocalServerPort
    int port;

    @Autowired
    EventLog eventLog;

    private List<Event> stored(String source) {
        try (LogReader reader = eventLog.openReader()) {
            return reader.read(0, 10_000).stream().map(LoggedEvent::event).filter(event -> event.source().value().equals(source)).toList();
        }
    }

    @Test
    void segmentsJavaClientDeliversEveryCallTypeIntact() {
        Instant before = Instant.now();
        Analytics analytics = Analytics.builder("key-segment-0001").endpoint("http://localhost:" + port).flushQueueSize(50).build();
        try {
            analytics.enqueue(TrackMessage.builder("Order Completed").userId("u-42").messageId("seg-track")
                    .properties(Map.of("revenue", 199.5, "currency", "CNY", "products", List.of(Map.of("sku", "P-100", "name", "扫地机器人")))));
            analytics.enqueue(IdentifyMessage.builder().userId("u-42").messageId("seg-identify")
                    .traits(Map.of("email", "u42@example.com", "city", "杭州")));
            analytics.enqueue(PageMessage.builder("Pricing").anonymousId("anon-9").messageId("seg-page").properties(Map.of("path", "/pricing")));
            analytics.enqueue(ScreenMessage.builder("Checkout").anonymousId("anon-9").messageId("seg-screen"));
            analytics.enqueue(GroupMessage.builder("acme-corp").userId("u-42").messageId("seg-group").traits(Map.of("employees", 120)));
            analytics.enqueue(AliasMessage.builder("anon-9").userId("u-42").messageId("seg-alias"));
            analytics.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> stored("segment-app").size() == 6);
        } finally {
            analytics.shutdown();
        }

        List<Event> events = stored("segment-app");
        assertThat(events).extracting(Event::type).containsExactly(EventType.TRACK, EventType.IDENTIFY, EventType.PAGE, EventType.SCREEN,
                EventType.GROUP, EventType.ALIAS);
        assertThat(events).extracting(event -> event.messageId().value())
                .containsExactly("seg-track", "seg-identify", "seg-page", "seg-screen", "seg-group", "seg-alias");
        Event track = events.get(0);
        assertThat(track.userId()).isEqualTo("u-42");
        assertThat(track.name()).isEqualTo("Order Completed");
        assertThat(track.properties().number("revenue")).hasValue(199.5);
        assertThat(track.properties().path("currency")).isEqualTo("CNY");
        assertThat(track.properties().get("products")).isEqualTo(List.of(Map.of("sku", "P-100", "name", "扫地机器人")));
        assertThat(track.context().object("library").string("name")).hasValue("analytics-java");
        assertThat(track.originalTimestamp()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(track.timestamp()).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(events.get(1).traits().string("city")).hasValue("杭州");
        assertThat(events.get(2).name()).isEqualTo("Pricing");
        assertThat(events.get(2).anonymousId()).isEqualTo("anon-9");
        assertThat(events.get(3).name()).isEqualTo("Checkout");
        assertThat(events.get(4).groupId()).isEqualTo("acme-corp");
        assertThat(events.get(4).traits().number("employees")).hasValue(120);
        assertThat(events.get(5).previousId()).isEqualTo("anon-9");
        assertThat(events).allSatisfy(event -> assertThat(event.channel().wireName()).isEqualTo("app"));
    }

    @Test
    void rudderStacksJavaClientDeliversGzippedBatchesIntact() {
        RudderAnalytics analytics = RudderAnalytics.builder("key-rudder-0001").setDataPlaneUrl("http://localhost:" + port).build();
        try {
            analytics.enqueue(com.rudderstack.sdk.java.analytics.messages.TrackMessage.builder("Product Viewed").userId("r-1")
                    .messageId("rud-track").properties(Map.of("product_id", "P-300", "price", 1899)));
            analytics.enqueue(com.rudderstack.sdk.java.analytics.messages.IdentifyMessage.builder().userId("r-1").messageId("rud-identify")
                    .traits(Map.of("vip", true)));
            analytics.enqueue(com.rudderstack.sdk.java.analytics.messages.PageMessage.builder("Home").anonymousId("ra-1").messageId("rud-page"));
            analytics.enqueue(com.rudderstack.sdk.java.analytics.messages.ScreenMessage.builder("Home").anonymousId("ra-1").messageId("rud-screen"));
            analytics.enqueue(com.rudderstack.sdk.java.analytics.messages.GroupMessage.builder("team-1").userId("r-1").messageId("rud-group"));
            analytics.enqueue(com.rudderstack.sdk.java.analytics.messages.AliasMessage.builder("ra-1").userId("r-1").messageId("rud-alias"));
            analytics.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> stored("rudder-srv").size() == 6);
        } finally {
            analytics.shutdown();
        }

        List<Event> events = stored("rudder-srv");
        assertThat(events).extracting(event -> event.messageId().value())
                .containsExactly("rud-track", "rud-identify", "rud-page", "rud-screen", "rud-group", "rud-alias");
        assertThat(events.get(0).properties().number("price")).hasValue(1899);
        assertThat(events.get(0).extra().get("clientChannel")).isEqualTo("server");
        assertThat(events.get(0).channel().wireName()).isEqualTo("ecommerce");
        assertThat(events.get(1).traits().get("vip")).isEqualTo(true);
        assertThat(events.get(4).groupId()).isEqualTo("team-1");
        assertThat(events.get(5).previousId()).isEqualTo("ra-1");
    }
}
