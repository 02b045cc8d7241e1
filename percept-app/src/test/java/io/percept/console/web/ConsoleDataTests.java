package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The data page on one source that sent three good messages and a batch of two with a bad one: the
 * source's counters and refusal reasons, its events today, every log processor, the finding about its
 * refusals and the one about models never having run; each page kept to its roles (the front line is
 * sent to the customer pages, and told so on any other).
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleDataTests {

    private static final String KEY = "key-console-data-0001";
    private static final String TOKEN = "console-data-token-1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private int send(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String page(String user) {
        return "{\"type\":\"page\",\"userId\":\"" + user + "\",\"name\":\"Home\",\"timestamp\":\"" + Instant.now() + "\"}";
    }

    private ConsoleClient login(String user) throws Exception {
        return ConsoleClient.signedIn(port, user, user + "-percept-demo");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> shop(Map<String, Object> board) {
        return ((List<Map<String, Object>>) board.get("sources")).stream().filter(s -> "shop".equals(s.get("name"))).findFirst().orElseThrow();
    }

    @BeforeAll
    void threeGoodMessagesAndARefusedBatch() throws Exception {
        assertThat(send("{\"batch\":[" + page("a") + "," + page("b") + "," + page("c") + "]}")).isEqualTo(200);
        assertThat(send("{\"batch\":[" + page("d") + ",{\"type\":\"track\",\"userId\":\"e\"}]}")).isEqualTo(400);
        ConsoleClient analyst = login("analyst");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ((Number) shop(JsonValues.parseObject(analyst.get("/api/console/data").body())).get("inPeriod")).longValue() == 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiGivesTheSourcesCountersProcessorsAndFindings() throws Exception {
        HttpResponse<String> response = login("analyst").get("/api/console/data");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> board = JsonValues.parseObject(response.body());
        Map<String, Object> shop = shop(board);
        assertThat(shop).containsEntry("channel", "web").containsEntry("enabled", true).containsEntry("received", 5L).containsEntry("accepted", 3L)
                .containsEntry("rejected", 2L).containsEntry("rejectedByReason", Map.of("invalid_event", 1L));
        assertThat(((Number) shop.get("rejectedShare")).doubleValue()).isEqualTo(0.4);
        List<Number> daily = (List<Number>) shop.get("daily");
        assertThat(daily).hasSize(14);
        assertThat(daily.get(13).longValue()).as("today's events, the last day").isEqualTo(3);
        Map<String, Object> ingest = (Map<String, Object>) board.get("ingest");
        assertThat(((Number) ingest.get("logHead")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(((Number) ingest.get("today")).longValue()).isGreaterThanOrEqualTo(3);
        List<Map<String, Object>> processors = (List<Map<String, Object>>) board.get("processors");
        assertThat(processors).extracting(p -> p.get("name")).contains("event-counts", "unify");
        assertThat(processors).allSatisfy(p -> assertThat(p.get("state")).isIn("RUNNING", "REPLAYING", "STARTING"));
        List<Map<String, Object>> findings = (List<Map<String, Object>>) board.get("findings");
        assertThat(findings).extracting(f -> f.get("code")).contains("sourceRejects", "predictionsNever");
        Map<String, Object> rejects = findings.stream().filter(f -> "sourceRejects".equals(f.get("code"))).findFirst().orElseThrow();
        assertThat((List<Object>) rejects.get("args")).containsExactly("shop", 40.0, "invalid_event");
    }

    @Test
    void thePageShowsTheSameFiguresInBothLanguages() throws Exception {
        ConsoleClient executive = login("exec");
        HttpResponse<String> english = executive.get("/console/data?lang=en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("Data sources and health", "data-source=\"shop\" data-in-period=\"3\" data-rejected=\"2\"",
                "Source shop has had 40.0 % of its messages refused, most often for invalid_event.", "2 (40.0%)", "invalid_event 1",
                "data-processor=\"event-counts\"", "The models have not run yet");
        HttpResponse<String> chinese = executive.get("/console/data?lang=zh-CN");
        assertThat(chinese.body()).contains("数据来源与健康状况", "数据源 shop 有 40.0% 的消息被拒绝，最常见的原因是 invalid_event。", "已同步");
    }

    @Test
    void eachPageIsKeptToItsRoles() throws Exception {
        ConsoleClient frontline = login("frontline");
        assertThat(frontline.get("/api/console/data").statusCode()).isEqualTo(403);
        HttpResponse<String> data = frontline.get("/console/data?lang=en");
        assertThat(data.statusCode()).isEqualTo(403);
        assertThat(data.body()).contains("This page is meant for other roles").doesNotContain("data-source=");
        HttpResponse<String> home = frontline.get("/console");
        assertThat(home.statusCode()).as("the front line starts on the customer pages").isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/console/customers");
        String navigation = frontline.get("/console/customers?lang=en").body();
        assertThat(navigation).contains("data-nav=\"customers\"").doesNotContain("data-nav=\"data\"", "data-nav=\"overview\"", "data-nav=\"users\"");
        String executive = login("exec").get("/console/data?lang=en").body();
        assertThat(executive).contains("data-nav=\"overview\"", "data-nav=\"data\"", "data-nav=\"customers\"").doesNotContain("data-nav=\"users\"");
        assertThat(login("demo-admin").get("/console/data?lang=en").body()).contains("data-nav=\"users\"");
    }

    @Test
    void everyPageKeepsTheRolesOfItsApi() {
        Map<String, String> apiOf = Map.of("overview", "/api/console/overview", "rules", "/api/console/rules", "data", "/api/console/data");
        apiOf.forEach((page, api) -> {
            var entry = io.percept.access.web.AccessPolicy.ENTRIES.stream().filter(e -> e.pattern().equals(api)).findFirst().orElseThrow();
            assertThat(ConsolePages.ROLES.get(page)).as(page).isEqualTo(entry.roles().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()));
        });
    }
}
