package io.percept.ingest.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.ingest.IngestCounters;
import io.percept.platform.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Administering a source through the API while a client sends to it. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SourcesApiTests {

    private static final String TOKEN = "sources-api-token-123456";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String data = TestServers.temporaryDirectory("percept-sources-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.platform.admin-token", () -> TOKEN);
    }

    @LocalServerPort
    int port;

    @Autowired
    IngestCounters counters;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int track(String key, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void createSendInspectRotateAndDisable() throws Exception {
        Map<String, Object> created = JsonValues.parseObject(admin("POST", "/api/sources", "{\"name\":\"service-desk\",\"channel\":\"service\"}").body());
        String key = (String) created.get("writeKey");
        assertThat(track(key, "{\"batch\":[{\"type\":\"track\",\"userId\":\"c1\",\"event\":\"Ticket Opened\",\"messageId\":\"t1\"},"
                + "{\"type\":\"track\",\"userId\":\"c2\",\"event\":\"Ticket Opened\",\"messageId\":\"t2\"}]}")).isEqualTo(200);
        assertThat(track(key, "{\"batch\":[{\"type\":\"track\",\"userId\":\"c1\",\"event\":\"Ticket Opened\",\"messageId\":\"t1\"}]}")).isEqualTo(200);
        assertThat(track(key, "{\"batch\":[{\"type\":\"track\",\"userId\":\"c3\"}]}")).isEqualTo(400);
        assertThat(track(key, "{\"batch\":[")).isEqualTo(400);

        Map<String, Object> stats = JsonValues.parseObject(admin("GET", "/api/sources/service-desk/stats", null).body());
        assertThat(stats).containsEntry("requests", 4L).containsEntry("received", 4L).containsEntry("accepted", 2L)
                .containsEntry("duplicates", 1L).containsEntry("rejected", 1L);
        assertThat(stats.get("rejectedByReason")).isEqualTo(Map.of("invalid_event", 1L, "invalid_json", 1L));
        counters.flush();
        assertThat(JsonValues.parseObject(admin("GET", "/api/sources/service-desk/stats", null).body())).containsEntry("accepted", 2L);

        String events = admin("GET", "/api/sources/service-desk/events?limit=5", null).body();
        List<?> newest = (List<?>) JsonValues.parseObject("{\"e\":" + events + "}").get("e");
        assertThat(newest).hasSize(2);
        Map<?, ?> first = (Map<?, ?>) ((Map<?, ?>) newest.get(0)).get("event");
        assertThat(first.get("messageId")).isEqualTo("t2");
        assertThat(first.get("channel")).isEqualTo("service");
        assertThat(first.get("source")).isEqualTo("service-desk");

        Map<String, Object> rotated = JsonValues.parseObject(admin("POST", "/api/sources/service-desk/rotate-key", null).body());
        String newKey = (String) rotated.get("writeKey");
        assertThat(newKey).isNotEqualTo(key);
        assertThat(track(key, "{\"batch\":[]}")).isEqualTo(401);
        assertThat(track(newKey, "{\"batch\":[]}")).isEqualTo(200);

        assertThat(admin("PATCH", "/api/sources/service-desk", "{\"enabled\":false}").body()).contains("\"enabled\":false");
        assertThat(track(newKey, "{\"batch\":[]}")).isEqualTo(403);
        admin("PATCH", "/api/sources/service-desk", "{\"enabled\":true}");
        assertThat(track(newKey, "{\"batch\":[]}")).isEqualTo(200);
    }

    @Test
    void answersClearlyForUnknownSourcesAndBadRequests() throws Exception {
        assertThat(admin("GET", "/api/sources/nobody/stats", null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/sources/nobody/events", null).body()).contains("no source named 'nobody'");
        assertThat(admin("PATCH", "/api/sources/nobody", "{\"enabled\":false}").statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/api/sources/nobody/rotate-key", null).statusCode()).isEqualTo(404);
        admin("POST", "/api/sources", "{\"name\":\"pos\",\"channel\":\"store\"}");
        assertThat(admin("GET", "/api/sources/pos/events?limit=5000", null).statusCode()).isEqualTo(400);
        assertThat(admin("PATCH", "/api/sources/pos", "{}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/sources/pos/rotate-key", "{\"writeKey\":\"short\"}").body()).contains("8-128");
    }
}
