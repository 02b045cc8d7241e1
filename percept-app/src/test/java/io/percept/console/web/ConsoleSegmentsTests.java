package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * The segments page on five profiles: u1 with 3 orders, u2 with 2, u3 and u4 with 1, u5 with none; segments
 * {@code buyers} (orders >= 1: 4 of 5) and {@code repeat} (orders >= 2: 2 of 5) saved through the console's API.
 * Sizes, shares, overlap and means against hand-computed values; the live preview and its parse errors; saving
 * for analysts only; the front line refused; both languages; bad input answered 400.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSegmentsTests {

    private static final String KEY = "key-console-segments-01";
    private static final String TOKEN = "console-segments-token-1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private ConsoleClient login(String user) throws Exception {
        return ConsoleClient.signedIn(port, user, user + "-percept-demo");
    }

    private static String order(String user, Instant at, int revenue) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + at
                + "\",\"properties\":{\"revenue\":" + revenue + "}}";
    }

    private long previewSize(String definition) throws Exception {
        return ((Number) JsonValues.parseObject(api("POST", "/api/console/segments/preview", "{\"definition\":\"" + definition + "\"}").body())
                .get("size")).longValue();
    }

    @BeforeAll
    void fiveProfilesAndTwoSegments() throws Exception {
        Instant now = Instant.now().minus(1, ChronoUnit.HOURS);
        List<String> events = new ArrayList<>();
        events.add(order("u1", now.minus(3, ChronoUnit.DAYS), 100));
        events.add(order("u1", now.minus(2, ChronoUnit.DAYS), 100));
        events.add(order("u1", now, 100));
        events.add(order("u2", now.minus(1, ChronoUnit.DAYS), 50));
        events.add(order("u2", now, 50));
        events.add(order("u3", now, 500));
        events.add(order("u4", now, 20));
        events.add("{\"type\":\"identify\",\"userId\":\"u5\",\"timestamp\":\"" + now + "\",\"traits\":{\"plan\":\"free\"}}");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", events) + "]}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> previewSize("orders >= 1") == 4 && previewSize("orders >= 3") == 1 && previewSize("events >= 1") == 5);
        assertThat(api("PUT", "/api/console/segments/buyers", "{\"definition\":\"orders >= 1\",\"description\":\"下过单 / ordered\"}").statusCode())
                .isEqualTo(200);
        assertThat(api("PUT", "/api/console/segments/repeat", "{\"definition\":\"orders >= 2\"}").statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonHasEachSegmentsSizeAndShare() throws Exception {
        Map<String, Object> board = JsonValues.parseObject(api("GET", "/api/console/segments", null).body());
        assertThat(board).containsEntry("profiles", 5L).containsEntry("customers", 0L).containsEntry("clustersNote", "no prediction run yet");
        List<Map<String, Object>> segments = (List<Map<String, Object>>) board.get("segments");
        assertThat(segments).extracting(segment -> segment.get("name")).containsExactly("buyers", "repeat");
        assertThat(segments.get(0)).containsEntry("size", 4L).containsEntry("share", 0.8).containsEntry("definition", "orders >= 1")
                .containsEntry("description", "下过单 / ordered");
        assertThat(segments.get(1)).containsEntry("size", 2L).containsEntry("share", 0.4);
        List<Map<String, Object>> history = (List<Map<String, Object>>) segments.get(1).get("history");
        assertThat(history).isNotEmpty();
        assertThat(history.get(history.size() - 1)).containsEntry("size", 2L).containsEntry("profiles", 5L);
        assertThat((List<?>) board.get("clusters")).isEmpty();
        assertThat((List<?>) JsonValues.parse(api("GET", "/api/console/segments/repeat/history?points=5", null).body().getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
        assertThat(api("GET", "/api/console/segments/nothing/history", null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/console/segments/repeat/history?points=0", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/console/segments/fields", null).body()).contains("\"orders\":\"number\"", "\"region\":\"text\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoSegmentsCompareWithTheirOverlapAndMeans() throws Exception {
        Map<String, Object> comparison = JsonValues.parseObject(api("GET", "/api/console/segments/compare?a=buyers&b=repeat", null).body());
        assertThat(comparison).containsEntry("sizeA", 4L).containsEntry("sizeB", 2L).containsEntry("overlap", 2L);
        Map<String, Object> orders = ((List<Map<String, Object>>) comparison.get("differences")).stream()
                .filter(row -> "orders".equals(row.get("feature"))).findFirst().orElseThrow();
        assertThat(orders).containsEntry("meanA", 1.75).containsEntry("meanB", 2.5);
        Map<String, Object> inline = JsonValues.parseObject(api("GET", "/api/console/segments/compare?a=" + encode("orders = 1") + "&b=repeat", null).body());
        assertThat(inline).containsEntry("sizeA", 2L).containsEntry("overlap", 0L);
        assertThat(api("GET", "/api/console/segments/compare?a=buyers&b=" + encode("orders >= 3"), null).statusCode()).as("one profile").isEqualTo(400);
        assertThat(api("GET", "/api/console/segments/compare?a=buyers&b=cluster:x", null).statusCode()).isEqualTo(400);
        HttpResponse<String> fragment = login("exec").get("/console/segments/compare?a=buyers&b=repeat&lang=en", "HX-Request", "true");
        assertThat(fragment.body()).doesNotContain("<html").contains("data-overlap=\"2\"", "2 profiles are in both: 50.0% of A, 100.0% of B.",
                "data-feature=\"orders\"", "B ", " higher (g = ");
    }

    @Test
    void thePreviewCountsADefinitionOrPointsAtTheError() throws Exception {
        Map<String, Object> preview = JsonValues.parseObject(api("POST", "/api/console/segments/preview", "{\"definition\":\"orders >= 2 或 orders = 1\"}").body());
        assertThat(preview).containsEntry("size", 4L).containsEntry("profiles", 5L).containsEntry("share", 0.8).doesNotContainKey("error")
                .containsEntry("definition", "orders >= 2 or orders = 1");
        Map<String, Object> wrong = JsonValues.parseObject(api("POST", "/api/console/segments/preview", "{\"definition\":\"orders >= 1 and ordrs > 2\"}").body());
        assertThat(wrong).containsEntry("column", 17L);
        assertThat((String) wrong.get("error")).startsWith("at column 17: unknown field 'ordrs'; did you mean 'orders'?");
        assertThat(api("POST", "/api/console/segments/preview", "{\"definition\":\" \"}").statusCode()).isEqualTo(400);

        ConsoleClient exec = login("exec");
        assertThat(exec.get("/console/segments/preview?lang=en&definition=" + encode("orders >= 2")).body()).contains("data-size=\"2\"",
                "of 5 profiles (40.0%)");
        assertThat(exec.get("/console/segments/preview?lang=zh-CN&definition=" + encode("ordrs > 2")).body()).contains("data-column=\"1\"",
                "无法解析该定义：请查看第 1 列。", "unknown field");
    }

    @Test
    void analystsSaveExecutivesAndTheFrontLineMayNot() throws Exception {
        ConsoleClient executive = login("exec");
        assertThat(executive.send("PUT", "/api/console/segments/big", "{\"definition\":\"orders >= 3\"}", Map.of("X-CSRF-TOKEN", csrf(executive)))
                .statusCode()).isEqualTo(403);
        ConsoleClient analyst = login("analyst");
        Map<String, String> token = Map.of("X-CSRF-TOKEN", csrf(analyst));
        HttpResponse<String> saved = analyst.send("PUT", "/api/console/segments/big", "{\"definition\":\"orders >= 3\"}", token);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(JsonValues.parseObject(saved.body())).containsEntry("size", 1L).containsEntry("share", 0.2);
        assertThat(analyst.send("PUT", "/api/console/segments/" + encode("bad name"), "{\"definition\":\"orders >= 3\"}", token).statusCode()).isEqualTo(400);
        assertThat(analyst.send("PUT", "/api/console/segments/good", "{\"definition\":\"orders >=\"}", token).statusCode()).isEqualTo(400);

        HttpResponse<String> form = analyst.send("POST", "/console/segments?lang=en&name=vip&definition=" + encode("orders >= 2 and revenue > 150"), null,
                Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf(analyst)));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(form.body()).contains("data-saved=\"vip\"", "Saved “vip”: 1 profiles now.");
        HttpResponse<String> badForm = analyst.send("POST", "/console/segments?name=x&definition=" + encode("orders >"), null,
                Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf(analyst)));
        assertThat(badForm.statusCode()).isEqualTo(400);
        assertThat(badForm.body()).contains("at column");
        assertThat(api("DELETE", "/api/segments/vip", null).statusCode()).isEqualTo(204);
        assertThat(api("DELETE", "/api/segments/big", null).statusCode()).isEqualTo(204);

        ConsoleClient exec = login("exec");
        assertThat(exec.send("POST", "/console/segments?name=x&definition=orders", null, Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf(exec)))
                .statusCode()).isEqualTo(403);
        assertThat(exec.get("/console/segments?lang=en").body()).contains("saving is for analysts and admins").doesNotContain("id=\"save-segment\"");

        ConsoleClient frontline = login("frontline");
        assertThat(frontline.get("/api/console/segments").statusCode()).isEqualTo(403);
        HttpResponse<String> polite = frontline.get("/console/segments?lang=en");
        assertThat(polite.statusCode()).isEqualTo(403);
        assertThat(polite.body()).contains("This page is meant for other roles").doesNotContain("data-segment=");
    }

    @Test
    void thePageShowsTheSizesInBothLanguages() throws Exception {
        ConsoleClient analyst = login("analyst");
        HttpResponse<String> chinese = analyst.get("/console/segments", "Accept-Language", "zh-CN,zh;q=0.9");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("<h1>客群</h1>", "data-segment=\"buyers\" data-size=\"4\"", "data-segment=\"repeat\" data-size=\"2\"",
                ">80.0%<", ">40.0%<", "占比以全部 5 个客户档案为基数", "暂无客户群体（no prediction run yet）", "保存客群", "高价值客户")
                .doesNotContain("即将推出");
        HttpResponse<String> english = analyst.get("/console/segments?lang=en&segment=repeat&a=buyers&b=repeat");
        assertThat(english.body()).contains("<h1>Segments</h1>", "data-segment=\"buyers\" data-size=\"4\"", "Size over time", "High value",
                "class=\"selected\"", "data-overlap=\"2\"", "id=\"save-segment\"").doesNotContain("coming soon");
        assertThat(analyst.get("/console/segments?lang=en&a=buyers&b=" + encode("ordrs > 1")).statusCode()).isEqualTo(400);
    }

    private static String csrf(ConsoleClient browser) throws Exception {
        return (String) ((Map<?, ?>) JsonValues.parseObject(browser.get("/api/session").body()).get("csrf")).get("token");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
