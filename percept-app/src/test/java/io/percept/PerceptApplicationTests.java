package io.percept;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.ingest.IngestResult;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import io.percept.ingest.Sources;
import io.percept.eventlog.SourceName;
import io.percept.platform.JsonValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application on a real embedded store, over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PerceptApplicationTests {

    private static final String TOKEN = "test-admin-token-0123456789";
    private static final Path DATA = TestServers.temporaryDirectory("percept-app-test-");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("percept.platform.data-dir", DATA::toString);
        registry.add("percept.platform.admin-token", () -> TOKEN);
        registry.add("percept.ingest.write-keys", () -> "web-shop:web:key-web-shop-1,pos:store:key-pos-0001");
        registry.add("percept.eventlog.processors.idle-wait", () -> "20ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    Sources sources;

    @Autowired
    Ingestion ingestion;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithTheStoreLogAndProcessors() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/actuator/health", null).statusCode() == 200);

        Map<String, Object> health = JsonValues.parseObject(get("/actuator/health", null).body());
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) health.get("components");
        assertThat(health.get("status")).isEqualTo("UP");
        assertThat(components.keySet()).contains("store", "eventLog", "processors");
        assertThat(get("/actuator/health", null).body()).contains("\"event-counts\"");
    }

    @Test
    void exposesLogAndProcessorMetricsToPrometheus() throws Exception {
        String metrics = get("/actuator/prometheus", null).body();

        assertThat(metrics).contains("percept_log_head_seq", "percept_log_pending_events", "percept_log_commit_seconds",
                "percept_processor_lag_events{application=\"percept\",processor=\"event-counts\"}",
                "percept_processor_lag_seconds", "percept_processor_position");
    }

    @Test
    void theAdminApiNeedsTheToken() throws Exception {
        HttpResponse<String> anonymous = get("/api/sources", null);
        HttpResponse<String> wrong = get("/api/sources", "not-the-token");
        HttpResponse<String> admin = get("/api/sources", TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(anonymous.body()).contains("admin token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"name\":\"web-shop\"", "\"channel\":\"store\"", "key-pos-0001");
    }

    @Test
    void createsSourcesThroughTheApiWithClearErrors() throws Exception {
        HttpResponse<String> created = post("/api/sources", "{\"name\":\"tmall\",\"channel\":\"ecommerce\"}");
        HttpResponse<String> duplicate = post("/api/sources", "{\"name\":\"tmall\",\"channel\":\"ecommerce\"}");
        HttpResponse<String> badChannel = post("/api/sources", "{\"name\":\"fax-in\",\"channel\":\"fax\"}");
        HttpResponse<String> badName = post("/api/sources", "{\"name\":\"Bad Name\",\"channel\":\"web\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/sources/tmall");
        assertThat(JsonValues.parseObject(created.body()).get("writeKey")).asString().hasSize(32);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).contains("already exists");
        assertThat(badChannel.statusCode()).isEqualTo(400);
        assertThat(badChannel.body()).contains("unknown channel 'fax'");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(get("/api/sources/tmall", TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/sources/nope", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void ingestedEventsAreCountedByTheProcessorAndShownByTheApi() throws Exception {
        Source pos = sources.find(new SourceName("pos")).orElseThrow();
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            messages.add(JsonValues.parseObject("{\"type\":\"track\",\"userId\":\"c" + i + "\",\"event\":\"Order Completed\","
                    + "\"timestamp\":\"2026-03-08T10:00:00Z\"}"));
        }
        IngestResult result = ingestion.ingest(pos, messages, null).join();
        assertThat(result).isInstanceOf(IngestResult.Accepted.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> volumes = JsonValues.parseObject(get("/api/insight/event-volumes?from=2026-03-08&to=2026-03-08", TOKEN).body());
            assertThat(volumes.get("total")).isEqualTo(25L);
            assertThat(volumes.get("bySource")).isEqualTo(Map.of("pos", 25L));
            assertThat(volumes.get("byChannel")).isEqualTo(Map.of("store", 25L));
        });
        assertThat(get("/api/insight/event-volumes?from=2026-03-09&to=2026-03-08", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void rejectsABatchWithAnInvalidMessageWhole() {
        Source web = sources.find(new SourceName("web-shop")).orElseThrow();
        List<Map<String, Object>> batch = List.of(
                JsonValues.parseObject("{\"type\":\"page\",\"anonymousId\":\"a\"}"),
                JsonValues.parseObject("{\"type\":\"track\",\"anonymousId\":\"a\"}"));

        IngestResult result = ingestion.ingest(web, batch, null).join();

        assertThat(result).isEqualTo(new IngestResult.Rejected(1, "event",
                "is required for a track call (the name of the action, e.g. \"Order Completed\")"));
    }

    @Test
    void servesTheStatusPage() throws Exception {
        HttpResponse<String> page = get("/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Percept</title>", "/actuator/health");
    }
}
