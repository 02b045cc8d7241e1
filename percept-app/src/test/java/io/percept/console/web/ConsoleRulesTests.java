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
import java.time.temporal.ChronoUnit;
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
 * The rules page on two rules saved through the API, one of which fires twice (and would have three times):
 * the list in both languages with the firing counts of {@code /api/rules/{id}/stats}, a rule's panel, a dry
 * run as the demo's analyst, acknowledging an alert, and the actions refused to executives and the front line.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRulesTests {

    private static final String KEY = "key-console-rules-001";
    private static final String TOKEN = "console-rules-token-1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/yaml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private ConsoleClient login(String user, String password) throws Exception {
        return ConsoleClient.signedIn(port, user, password);
    }

    private ConsoleClient analyst() throws Exception {
        return login("analyst", "analyst-percept-demo");
    }

    private static String order(String user, Instant at) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + at + "\",\"properties\":{\"revenue\":10}}";
    }

    /**
     * Rule big-order alerts on every order; cart-viewed never fires. c1 orders two days ago and now, c2 now: the rule
     * fires live twice (the old order is older than {@code percept.rules.max-event-age}), a dry run counts all three.
     */
    @BeforeAll
    void twoRulesAndThreeOrders() throws Exception {
        HttpResponse<String> first = api("POST", "/api/rules", """
                id: big-order
                name: 大额订单 / Big order
                when: {event: {name: Order Completed}}
                actions:
                  - alert: {severity: high, title: Order to check}
                """);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> second = api("POST", "/api/rules", """
                id: cart-viewed
                when: {event: {name: Cart Viewed}}
                actions:
                  - emit: {event: Cart Seen}
                """);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        Instant now = Instant.now().minus(1, ChronoUnit.MINUTES);
        String batch = "{\"batch\":[" + String.join(",", order("c1", now.minus(2, ChronoUnit.DAYS)), order("c1", now), order("c2", now)) + "]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch, StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ((Number) JsonValues.parseObject(api("GET", "/api/rules/big-order/stats", null).body()).get("firingsLast24h")).intValue() == 2);
    }

    @Test
    void thePageListsBothRulesWithTheirFiringsInBothLanguages() throws Exception {
        ConsoleClient browser = analyst();
        HttpResponse<String> chinese = browser.get("/console/rules", "Accept-Language", "zh-CN,zh;q=0.9");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("规则与告警", "data-rule=\"big-order\" data-last24h=\"2\"", "data-rule=\"cart-viewed\" data-last24h=\"0\"",
                "大额订单 / Big order", "事件 Order Completed 发生时", "已送达 0 · 待投递 0 · 失败 0", "Order to check").doesNotContain("即将推出");
        HttpResponse<String> english = browser.get("/console/rules?lang=en");
        assertThat(english.body()).contains("Rules and alerts", "data-rule=\"big-order\" data-last24h=\"2\"", "data-rule=\"cart-viewed\" data-last24h=\"0\"",
                "on event Order Completed", "on event Cart Viewed", "Recent alerts").doesNotContain("coming soon");
        assertThat(english.body().split("data-alert=", -1)).hasSize(3);
        assertThat(english.body()).contains("name=\"_csrf\"", ">Acknowledge<");
    }

    @Test
    void aRulePanelShowsItsDocumentAndStatistics() throws Exception {
        ConsoleClient browser = analyst();
        HttpResponse<String> panel = browser.get("/console/rules/big-order?lang=en", "HX-Request", "true");
        assertThat(panel.statusCode()).isEqualTo(200);
        assertThat(panel.body()).doesNotContain("<html").contains("id: big-order", "Order Completed", "title: Order to check",
                "data-stat=\"firings\">2<", "data-stat=\"last24h\">2<", "data-stat=\"fired\">2<", "data-stat=\"throttled\">0<",
                "data-stat=\"conditionFailed\">0<", "data-stat=\"alerts\">2<", "0 delivered · 0 pending · 0 dead", " ms<", "dry-run");
        assertThat(browser.get("/console/rules/no-such-rule", "HX-Request", "true").statusCode()).isEqualTo(404);
        HttpResponse<String> page = browser.get("/console/rules?rule=big-order&lang=en");
        assertThat(page.body()).contains("<html", "id: big-order", "data-stat=\"fired\">2<");
    }

    @Test
    void anAnalystDryRunsARule() throws Exception {
        ConsoleClient browser = analyst();
        browser.get("/console/rules?lang=en");
        HttpResponse<String> dryRun = browser.send("POST", "/console/rules/big-order/dry-run?days=7", null, Map.of("HX-Request", "true",
                "X-CSRF-TOKEN", csrf(browser)));
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.body()).contains("data-would-fire=\"3\"", "data-customers=\"2\"", "Would fire 3 times for 2 customers on the events received in the last 7 days",
                ">2</td>", ">1</td>");
        assertThat(browser.send("POST", "/console/rules/big-order/dry-run?days=31", null).statusCode()).isEqualTo(400);
        assertThat(browser.send("POST", "/console/rules/big-order/dry-run?days=7", null, Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    void executivesMayNotDryRunOrAcknowledgeAndTheFrontLineDoesNotSeeThePage() throws Exception {
        ConsoleClient executive = login("exec", "exec-percept-demo");
        HttpResponse<String> page = executive.get("/console/rules?lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-rule=\"big-order\" data-last24h=\"2\"", "are for analysts and admins").doesNotContain(">Acknowledge<", "new-rule");
        assertThat(executive.get("/console/rules/big-order", "HX-Request", "true").body()).contains("data-stat=\"fired\">2<")
                .doesNotContain("dry-run", "id: big-order", "edit-rule");
        for (ConsoleClient browser : List.of(executive, login("frontline", "frontline-percept-demo"))) {
            assertThat(browser.send("POST", "/console/rules/big-order/dry-run?days=7", null).statusCode()).isEqualTo(403);
            assertThat(browser.send("POST", "/console/rules/alerts/1/acknowledge", null).statusCode()).isEqualTo(403);
            assertThat(browser.get("/console/rules/editor", "HX-Request", "true").statusCode()).isEqualTo(403);
        }
        assertThat(login("frontline", "frontline-percept-demo").get("/console/rules").statusCode()).isEqualTo(403);
    }

    @Test
    void anAnalystChecksAndDryRunsADraftButMayNotSaveIt() throws Exception {
        ConsoleClient analyst = analyst();
        HttpResponse<String> editor = analyst.get("/console/rules/editor?lang=en", "HX-Request", "true");
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.body()).contains("id=\"rule-text\"", "id: my-rule", "check-rule", "dry-run-draft").doesNotContain("save-rule", "<html");
        assertThat(analyst.get("/console/rules/editor?rule=big-order", "HX-Request", "true").body()).contains("id: big-order");
        String draft = "id: every-order\nwhen: {event: {name: Order Completed}}\nactions:\n  - alert: {severity: low, title: Any order}\n";
        HttpResponse<String> valid = analyst.postForm("/console/rules/editor/check?lang=en", "text", draft);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).contains("data-valid=\"true\"", "Valid: rule every-order with 1 action(s)", "on event Order Completed", "(a new rule)");
        HttpResponse<String> broken = analyst.postForm("/console/rules/editor/check?lang=en", "text", "id: broken\nwhen: {event: {}}\nactions: []\n");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("data-valid=\"false\"", "$.");
        HttpResponse<String> dryRun = analyst.postForm("/console/rules/editor/dry-run?lang=en", "text", draft, "days", "7");
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.body()).contains("data-would-fire=\"3\"", "data-customers=\"2\"");
        assertThat(analyst.postForm("/console/rules/editor/save", "text", draft).statusCode()).isEqualTo(403);
        assertThat(api("GET", "/api/rules/every-order", null).statusCode()).as("nothing saved").isEqualTo(404);
    }

    @Test
    void anAdminSavesANewVersionAndDisablesIt() throws Exception {
        ConsoleClient admin = login("demo-admin", "demo-admin-percept-demo");
        String draft = "id: console-made\nname: Made on the page\nwhen: {event: {name: Cart Viewed}}\nactions:\n  - alert: {severity: low, title: Cart}\n";
        HttpResponse<String> saved = admin.send("POST", "/console/rules/editor/save", null, Map.of());
        assertThat(saved.statusCode()).as("no CSRF token").isEqualTo(403);
        saved = admin.postForm("/console/rules/editor/save", "text", draft);
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("/console/rules?rule=console-made");
        assertThat(JsonValues.parseObject(api("GET", "/api/rules/console-made", null).body())).containsEntry("version", 1L).containsEntry("enabled", true);
        HttpResponse<String> bad = admin.postForm("/console/rules/editor/save", "text", "id: console-made\nwhen: nothing\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"problem\"");
        assertThat(admin.postForm("/console/rules/editor/save", "text", draft.replace("Cart}", "Cart again}")).statusCode()).isEqualTo(302);
        HttpResponse<String> byHtmx = admin.postForm("/console/rules/editor/save?lang=en", Map.of("HX-Request", "true"), "text",
                draft.replace("Cart}", "Cart again}"));
        assertThat(byHtmx.statusCode()).isEqualTo(200);
        assertThat(byHtmx.headers().firstValue("HX-Redirect").orElseThrow()).endsWith("/console/rules?rule=console-made");
        assertThat(byHtmx.body()).contains("class=\"saved\"", "Saved console-made").doesNotContain("problem");
        assertThat(admin.postForm("/console/rules/console-made/disable").statusCode()).isEqualTo(302);
        Map<String, Object> stored = JsonValues.parseObject(api("GET", "/api/rules/console-made", null).body());
        assertThat(stored).containsEntry("version", 4L).containsEntry("enabled", false);
        String page = admin.get("/console/rules?rule=console-made&lang=en").body();
        assertThat(page).contains("data-version=\"4\"", "data-version=\"3\"", "data-version=\"2\"", "data-version=\"1\"", "id=\"enable-rule\"", "title: Cart again", "edit-rule");
        assertThat(admin.postForm("/console/rules/no-such-rule/enable").statusCode()).isEqualTo(404);
        assertThat(api("DELETE", "/api/rules/console-made", null).statusCode()).isIn(200, 204);
    }

    @Test
    void anAnalystAcknowledgesAnAlert() throws Exception {
        long id = ((Number) ((List<?>) JsonValues.parse(api("GET", "/api/rules/alerts?limit=1", null).body().getBytes(StandardCharsets.UTF_8)))
                .stream().map(alert -> ((Map<?, ?>) alert).get("id")).findFirst().orElseThrow()).longValue();
        ConsoleClient browser = analyst();
        HttpResponse<String> alerts = browser.send("POST", "/console/rules/alerts/" + id + "/acknowledge?lang=en", null,
                Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf(browser)));
        assertThat(alerts.statusCode()).isEqualTo(200);
        assertThat(alerts.body()).contains("id=\"rule-alerts\"", "data-alert=\"" + id + "\"").doesNotContain("<html");
        assertThat(api("GET", "/api/rules/alerts?open=true", null).body()).doesNotContain("\"id\":" + id + ",");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonTwinHasThePagesFigures() throws Exception {
        HttpResponse<String> response = api("GET", "/api/console/rules", null);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> board = JsonValues.parseObject(response.body());
        List<Map<String, Object>> rules = (List<Map<String, Object>>) board.get("rules");
        assertThat(rules).extracting(rule -> rule.get("id")).contains("big-order", "cart-viewed");
        assertThat(rules.stream().filter(rule -> "big-order".equals(rule.get("id"))).findFirst().orElseThrow()).containsEntry("firingsLast24h", 2L).containsEntry("firings", 2L).containsEntry("enabled", true);
        assertThat((Map<String, Object>) rules.stream().filter(rule -> "big-order".equals(rule.get("id"))).findFirst().orElseThrow().get("trigger")).containsEntry("kind", "event").containsEntry("subject", "Order Completed");
        assertThat((List<?>) board.get("alerts")).hasSize(2);
        assertThat(login("frontline", "frontline-percept-demo").get("/api/console/rules").statusCode()).isEqualTo(403);
    }

    /** The session's CSRF token, as the page's forms carry it. */
    private static String csrf(ConsoleClient browser) throws Exception {
        return (String) ((Map<?, ?>) JsonValues.parseObject(browser.get("/api/session").body()).get("csrf")).get("token");
    }
}
