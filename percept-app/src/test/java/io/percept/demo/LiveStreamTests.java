package io.percept.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo as {@code percept demo} starts it, on a small world: once the history is loaded, the live
 * stream's carts, complaints and device errors make the cart, complaint and IoT examples fire —
 * firings in their statistics, the complaint's alert, their signed webhooks in the local inbox.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveStreamTests {

    private static final String TOKEN = "demo-live-token-0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "");
        registry.add("percept.demo.load", () -> "true");
        registry.add("percept.demo.customers", () -> "400");
        registry.add("percept.demo.days", () -> "200");
        registry.add("percept.demo.seed", () -> "7");
        registry.add("percept.demo.live-rate", () -> "40");
        registry.add("percept.rules.examples", () -> "true");
        registry.add("percept.rules.inbox.enabled", () -> "true");
        registry.add("percept.rules.examples-absence", () -> "2s");
    }

    @LocalServerPort
    int port;

    @Autowired
    DemoLoader loader;

    @Autowired
    LiveStream live;

    private final HttpClient http = HttpClient.newHttpClient();

    private Object get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return JsonValues.parse(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private long fired(String rule) {
        return ((Number) ((Map<?, ?>) get("/api/rules/" + rule + "/stats")).get("firings")).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLiveStreamMakesTheCartComplaintAndIotExamplesFire() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!live.status().running()) {
            assertThat(System.nanoTime()).as("the live stream starts after the load (%s)", loader.progress()).isLessThan(deadline);
            Thread.sleep(200);
        }
        List<String> rules = List.of("cart-abandonment", "vip-complaint-follow-up", "iot-error-service-ticket");
        deadline = System.nanoTime() + 60_000_000_000L;
        while (rules.stream().anyMatch(rule -> fired(rule) == 0)) {
            assertThat(System.nanoTime()).as("every rule fired: %s, live %s", rules.stream().map(rule -> rule + "=" + fired(rule)).toList(),
                    live.status()).isLessThan(deadline);
            Thread.sleep(500);
        }

        assertThat(live.status().refused()).isZero();
        assertThat(live.status().sent()).containsKeys("CART_ADDED", "COMPLAINT", "DEVICE_ERROR", "NEGATIVE_REVIEW", "ORDER_COMPLETED");
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) get("/api/rules/alerts");
        assertThat(alerts).extracting(alert -> alert.get("rule")).contains("vip-complaint-follow-up");
        Thread.sleep(1000);
        List<Map<String, Object>> inbox = (List<Map<String, Object>>) get("/api/rules/inbox?limit=1000");
        assertThat(inbox).extracting(received -> received.get("inbox"))
                .contains("crm", "service-tickets", "service-managers", "proactive-service");
        assertThat(inbox).extracting(received -> received.get("signature")).containsOnly("verified");
        Map<String, Object> status = (Map<String, Object>) get("/api/demo/live");
        assertThat(status).containsEntry("running", true);
    }
}
