package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.perception.PerceptionSettings;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An initiative on orders with a known lift: in the target region 华东 the target product sells 1 or 3
 * a day (mean 2) for the 14 days before the start and 3 or 5 (mean 4) for the 10 days after; in the
 * control region 华北 2 a day before and 1 or 3 (mean 2) after; each at ¥50, one buyer each, plus
 * orders of another product that must not count. So the difference in differences is 2 orders, 2
 * buyers and ¥100 per day, with the standard error computed by hand below. Orders and revenue come
 * from the order aggregate, buyers from the order events: both must agree.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleInitiativesTests {

    private static final String KEY = "key-console-initiatives-01";
    private static final String TOKEN = "console-initiatives-token";
    /** sqrt(var(T before)/14 + var(T after)/10 + var(C before)/14 + var(C after)/10) in orders: (14/13)/14 + (10/9)/10 + 0 + (10/9)/10. */
    private static final double ORDERS_SE = Math.sqrt(1.0 / 13 + 1.0 / 9 + 1.0 / 9);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    @Autowired
    PerceptionSettings perception;

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalDate today;
    private String definition;

    private HttpResponse<String> api(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private ConsoleClient login(String user) throws Exception {
        return ConsoleClient.signedIn(port, user, user + "-percept-demo");
    }

    private Instant noon(LocalDate day) {
        return day.atTime(12, 0).atZone(perception.zone()).toInstant();
    }

    private static String order(String user, Instant at, String region, String sku, double price) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + at + "\",\"properties\":{\"order_id\":\""
                + user + "\",\"revenue\":" + price + ",\"region\":\"" + region + "\",\"products\":[{\"product_id\":\"" + sku + "\",\"category\":\"gadgets\",\"price\":"
                + price + ",\"quantity\":1}]}}";
    }

    @BeforeAll
    void ordersWithAKnownLift() throws Exception {
        today = LocalDate.now(perception.zone());
        LocalDate start = today.minusDays(10);
        List<String> events = new ArrayList<>();
        for (int day = 0; day < 24; day++) {
            LocalDate date = start.minusDays(14).plusDays(day);
            boolean after = day >= 14;
            int target = after ? (day % 2 == 0 ? 3 : 5) : (day % 2 == 0 ? 1 : 3);
            int control = after ? (day % 2 == 0 ? 1 : 3) : 2;
            for (int i = 0; i < target; i++) {
                events.add(order("t-" + day + "-" + i, noon(date), "华东", "GADGET-1", 50));
            }
            for (int i = 0; i < control; i++) {
                events.add(order("c-" + day + "-" + i, noon(date), "华北", "GADGET-1", 50));
            }
            if (day % 5 == 0) {
                events.add(order("o-" + day, noon(date), "华东", "OTHER-9", 999));
            }
        }
        events.add("{\"type\":\"identify\",\"userId\":\"reviewer\",\"timestamp\":\"" + noon(start) + "\",\"context\":{\"location\":{\"region\":\"华东\"}}}");
        events.add("{\"type\":\"track\",\"userId\":\"reviewer\",\"event\":\"Review Submitted\",\"timestamp\":\"" + noon(today.minusDays(2))
                + "\",\"properties\":{\"product_id\":\"GADGET-1\",\"rating\":1,\"text\":\"快递太慢了，足足等了一个星期，外包装也压坏了，非常失望\"}}");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", events) + "]}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        definition = "{\"name\":\"Gadget launch\",\"kind\":\"product-launch\",\"startsOn\":\"" + start + "\",\"endsOn\":\"" + today.minusDays(1)
                + "\",\"regions\":[\"华东\"],\"controlRegions\":[\"华北\"],\"skus\":[\"GADGET-1\"],\"kpis\":[\"revenue\",\"orders\",\"adoption\"]}";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, Object> overview = JsonValues.parseObject(api("GET", "/api/console/overview?days=30", null).body());
            return ((Number) overview.get("texts")).intValue() == 1 && ((List<?>) overview.get("kpis")).stream()
                    .anyMatch(kpi -> "orders".equals(((Map<?, ?>) kpi).get("key")) && ((Number) ((Map<?, ?>) kpi).get("value")).intValue() == events.size() - 2);
        });
        long probe = ((Number) JsonValues.parseObject(api("POST", "/api/console/initiatives", definition).body()).get("id")).longValue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(api("GET", "/api/console/initiatives/" + probe, null).body()).contains("\"controlAfter\":2.0", "\"treatedAfter\":4.0"));
        assertThat(api("DELETE", "/api/console/initiatives/" + probe, null).statusCode()).isEqualTo(204);
    }

    private long create(ConsoleClient analyst) throws Exception {
        HttpResponse<String> created = analyst.send("POST", "/api/console/initiatives", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ((Number) JsonValues.parseObject(created.body()).get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> effect(Map<String, Object> report, String kpi) {
        return ((List<Map<String, Object>>) report.get("effects")).stream().filter(e -> kpi.equals(e.get("kpi"))).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDifferenceInDifferencesIsTheKnownLift() throws Exception {
        long id = create(login("analyst"));
        HttpResponse<String> response = api("GET", "/api/console/initiatives/" + id + "?lang=en", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> view = JsonValues.parseObject(response.body());
        Map<String, Object> report = (Map<String, Object>) view.get("report");
        assertThat(report).containsEntry("beforeFrom", today.minusDays(24).toString()).containsEntry("afterTo", today.minusDays(1).toString());
        Map<String, Object> orders = effect(report, "orders");
        assertThat(orders).containsEntry("treatedBefore", 2.0).containsEntry("treatedAfter", 4.0).containsEntry("controlBefore", 2.0)
                .containsEntry("controlAfter", 2.0).containsEntry("estimate", 2.0).containsEntry("significance", "up");
        assertThat(((Number) orders.get("standardError")).doubleValue()).isCloseTo(ORDERS_SE, within(1e-4));
        assertThat(((Number) orders.get("low")).doubleValue()).isCloseTo(2 - 1.959964 * ORDERS_SE, within(1e-4));
        Map<String, Object> revenue = effect(report, "revenue");
        assertThat(revenue).containsEntry("treatedBefore", 100.0).containsEntry("treatedAfter", 200.0).containsEntry("estimate", 100.0)
                .containsEntry("relative", 1.0);
        assertThat(((Number) revenue.get("standardError")).doubleValue()).isCloseTo(50 * ORDERS_SE, within(1e-3));
        assertThat(effect(report, "adoption")).containsEntry("estimate", 2.0);
        List<Map<String, Object>> regions = (List<Map<String, Object>>) report.get("regions");
        assertThat(regions).extracting(r -> r.get("region") + ":" + r.get("role")).containsExactly("华东:target", "华北:control");
        assertThat(((Map<String, Object>) regions.get(0).get("kpis")).get("revenue")).isEqualTo(Map.of("before", 100.0, "after", 200.0, "change", 1.0));
        List<Map<String, Object>> channels = (List<Map<String, Object>>) report.get("channels");
        assertThat(channels).hasSize(1);
        assertThat(channels.get(0)).containsEntry("channel", "web").containsEntry("department", "marketing");
        assertThat(((Map<String, Object>) channels.get(0).get("kpis")).get("orders")).isEqualTo(Map.of("before", 2.0, "after", 4.0, "change", 1.0));
        List<Map<String, Object>> series = (List<Map<String, Object>>) report.get("series");
        assertThat((List<Object>) series.get(0).get("treated")).hasSize(24).startsWith(50.0, 150.0).endsWith(250.0);
        Map<String, Object> verdict = (Map<String, Object>) report.get("verdict");
        assertThat(verdict.get("decision")).isEqualTo("scale-up");
        assertThat(view.get("headline")).isEqualTo("Scale up");
        assertThat((List<String>) view.get("explanation")).first().asString().startsWith("Revenue/day (¥): significantly better than the control, by 100");
        assertThat((List<Map<String, Object>>) report.get("painPoints")).isNotEmpty().first()
                .satisfies(pain -> assertThat(pain.get("examples").toString()).contains("快递太慢了"));
        Map<String, Object> chinese = JsonValues.parseObject(api("GET", "/api/console/initiatives/" + id, null, "Accept-Language", "zh-CN").body());
        assertThat(chinese.get("headline")).isEqualTo("扩大推广");
    }

    @Test
    void thePageShowsTheReportInBothLanguagesAndTheFormToAnalysts() throws Exception {
        ConsoleClient analyst = login("analyst");
        long id = create(analyst);
        ConsoleClient executive = login("exec");
        HttpResponse<String> english = executive.get("/console/initiatives/" + id + "?lang=en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("Gadget launch", "Scale up", "data-kpi=\"revenue\" data-estimate=\"100.0\"", "Top pain points since the start",
                "快递太慢了", "initiative-chart").doesNotContain(">Delete<");
        HttpResponse<String> chinese = executive.get("/console/initiatives/" + id + "?lang=zh-CN");
        assertThat(chinese.body()).contains("扩大推广", "双重差分", "上线以来的主要痛点", "日销售额");
        assertThat(executive.get("/console/initiatives?lang=en").body()).contains("Gadget launch").doesNotContain("initiative-form");
        assertThat(analyst.get("/console/initiatives?lang=en").body()).contains("initiative-form", "Define an initiative");
        assertThat(analyst.get("/console/initiatives/" + id + "?lang=en").body()).contains(">Delete<");
        assertThat(executive.get("/console/initiatives/987654").statusCode()).isEqualTo(404);
    }

    @Test
    void theFrontLineAndExecutivesAreRefusedWhatIsNotTheirs() throws Exception {
        ConsoleClient frontline = login("frontline");
        HttpResponse<String> page = frontline.get("/console/initiatives?lang=en");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This page is meant for other roles");
        assertThat(frontline.get("/api/console/initiatives").statusCode()).isEqualTo(403);
        ConsoleClient executive = login("exec");
        assertThat(executive.get("/api/console/initiatives").statusCode()).isEqualTo(200);
        assertThat(executive.send("POST", "/api/console/initiatives", definition).statusCode()).isEqualTo(403);
        assertThat(executive.send("POST", "/console/initiatives", null).statusCode()).isEqualTo(403);
    }

    @Test
    void anAnalystChangesAndDeletesAnInitiative() throws Exception {
        ConsoleClient analyst = login("analyst");
        long id = create(analyst);
        HttpResponse<String> changed = analyst.send("PUT", "/api/console/initiatives/" + id, definition.replace("Gadget launch", "Gadget launch v2"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("Gadget launch v2");
        assertThat(analyst.send("DELETE", "/api/console/initiatives/" + id, null).statusCode()).isEqualTo(204);
        assertThat(api("GET", "/api/console/initiatives/" + id, null).statusCode()).isEqualTo(404);
        assertThat(analyst.send("DELETE", "/api/console/initiatives/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anAnalystChangesAnInitiativeThroughTheForm() throws Exception {
        ConsoleClient analyst = login("analyst");
        long id = create(analyst);
        HttpResponse<String> form = analyst.get("/console/initiatives/" + id + "/edit?lang=en");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("data-editing=\"" + id + "\"", "Change “Gadget launch”", "value=\"Gadget launch\"", "value=\"华东\"",
                "value=\"华北\"", "value=\"GADGET-1\"", "action=\"/console/initiatives/" + id + "\"");
        assertThat(analyst.get("/console/initiatives/" + id + "?lang=en").body()).contains("id=\"edit-initiative\"");

        HttpResponse<String> saved = analyst.postForm("/console/initiatives/" + id, "name", "Gadget launch, renamed", "kind", "product-launch",
                "startsOn", today.minusDays(14).toString(), "regions", "华东", "controlRegions", "华北", "skus", "GADGET-1", "kpis", "revenue",
                "kpis", "orders");
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("/console/initiatives/" + id);
        Map<String, Object> stored = JsonValues.parseObject(api("GET", "/api/console/initiatives/" + id, null).body());
        assertThat(stored.toString()).contains("Gadget launch, renamed");

        HttpResponse<String> bad = analyst.postForm("/console/initiatives/" + id + "?lang=en", "name", "", "kind", "product-launch",
                "startsOn", today.minusDays(14).toString(), "kpis", "revenue");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("name is required", "data-editing=\"" + id + "\"");
        assertThat(analyst.get("/console/initiatives/987654/edit").statusCode()).isEqualTo(404);
        assertThat(analyst.postForm("/console/initiatives/987654", "name", "x", "kind", "product-launch", "startsOn", today.toString(), "kpis",
                "revenue").statusCode()).isEqualTo(404);
        ConsoleClient executive = login("exec");
        assertThat(executive.get("/console/initiatives/" + id + "/edit").statusCode()).isEqualTo(403);
        assertThat(executive.postForm("/console/initiatives/" + id, "name", "x").statusCode()).isEqualTo(403);
        assertThat(executive.get("/console/initiatives/" + id + "?lang=en").body()).doesNotContain("edit-initiative");
    }

    @Test
    void badDefinitionsAreBadRequestsThatSayWhy() throws Exception {
        Map<String, String> bad = Map.of(
                definition.replace("\"name\":\"Gadget launch\",", ""), "name is required",
                definition.replace("product-launch", "party"), "kind must be one of",
                definition.replace("\"endsOn\":\"" + today.minusDays(1), "\"endsOn\":\"" + today.minusDays(30)), "is before the start date",
                definition.replace("[\"华北\"]", "[\"华东\"]"), "both target and control",
                definition.replace("\"adoption\"", "\"happiness\""), "unknown KPI 'happiness'",
                definition.replace("\"startsOn\":\"", "\"startsOn\":\"x"), "must be a date like 2026-09-01",
                definition.replace("\"skus\":[\"GADGET-1\"],", ""), "adoption needs target products",
                "[1, 2]", "must be a JSON object");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            HttpResponse<String> response = api("POST", "/api/console/initiatives", entry.getKey());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.body()).as(entry.getKey()).contains(entry.getValue());
        }
    }
}
