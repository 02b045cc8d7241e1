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
 * The customer 360 on two customers sent through ingest: 张三 (c-1001: 25 events — an identify with phone, email and
 * marketing consent, two orders of ¥100 and ¥250.50, an open ticket, a review and 20 page views) and John Smith
 * (c-1002: an identify and one order). Search by phone, email, name and id; the profile's figures; the timeline's
 * pages; PII masked for the demo's frontline user (no pii) and shown and audited for a frontline user with pii.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleCustomersTests {

    private static final String KEY = "key-console-customers-01";
    private static final String TOKEN = "console-customers-token-1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private long zhang;
    private long john;

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private ConsoleClient login(String user, String password) throws Exception {
        return ConsoleClient.signedIn(port, user, password);
    }

    private static String track(String user, String event, Instant at, String properties) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"" + event + "\",\"timestamp\":\"" + at + "\",\"properties\":" + properties + "}";
    }

    @BeforeAll
    void twoCustomers() throws Exception {
        Instant start = Instant.now().minus(50, ChronoUnit.HOURS);
        List<String> messages = new ArrayList<>();
        messages.add("{\"type\":\"identify\",\"userId\":\"c-1001\",\"timestamp\":\"" + start + "\",\"traits\":{\"name\":\"张三\","
                + "\"email\":\"Zhang.San@Example.com\",\"phone\":\"138 1234 5678\",\"marketing_consent\":true,\"plan\":\"gold\"}}");
        messages.add(track("c-1001", "Order Completed", start.plusSeconds(60),
                "{\"order_id\":\"A1\",\"revenue\":100,\"products\":[{\"product_id\":\"QH-B1\",\"name\":\"青禾 Buds\",\"quantity\":1}]}"));
        messages.add(track("c-1001", "Order Completed", start.plusSeconds(120),
                "{\"order_id\":\"A2\",\"revenue\":250.5,\"products\":[{\"product_id\":\"QH-X1\",\"name\":\"扫拖一体机器人 X1\",\"quantity\":1}]}"));
        messages.add(track("c-1001", "Ticket Opened", start.plusSeconds(180),
                "{\"ticket_id\":\"T1\",\"status\":\"open\",\"subject\":\"配送太慢\",\"text\":\"快递太慢了，等了十天还没到，非常失望，客服也不回复。\"}"));
        messages.add(track("c-1001", "Review Submitted", start.plusSeconds(240),
                "{\"review_id\":\"R1\",\"rating\":5,\"text\":\"音质很好，非常满意，推荐购买！\"}"));
        for (int i = 0; i < 20; i++) {
            messages.add("{\"type\":\"page\",\"userId\":\"c-1001\",\"name\":\"首页\",\"timestamp\":\"" + start.plusSeconds(300 + i) + "\"}");
        }
        messages.add("{\"type\":\"identify\",\"userId\":\"c-1002\",\"timestamp\":\"" + start + "\",\"traits\":{\"name\":\"John Smith\","
                + "\"email\":\"john@example.com\"}}");
        messages.add(track("c-1002", "Order Completed", start.plusSeconds(60), "{\"order_id\":\"B1\",\"revenue\":80}"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", messages) + "]}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> found = api("GET", "/api/console/customers/c-1001", null);
            if (found.statusCode() != 200) {
                return false;
            }
            Map<String, Object> customer = JsonValues.parseObject(found.body());
            return ((Number) customer.get("events")).intValue() >= 24 && ((Number) customer.get("texts")).intValue() == 2
                    && api("GET", "/api/console/customers/c-1002", null).statusCode() == 200;
        });
        zhang = id(api("GET", "/api/console/customers/c-1001", null));
        john = id(api("GET", "/api/console/customers/c-1002", null));
    }

    private static long id(HttpResponse<String> response) {
        return ((Number) JsonValues.parseObject(response.body()).get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static String q(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    @Test
    void searchFindsACustomerByPhoneEmailNameAndIdMaskedForTheFrontLine() throws Exception {
        ConsoleClient frontline = login("frontline", "frontline-percept-demo");
        for (String query : List.of("+86 138-1234-5678", "zhang.san@example.com", "c-1001", String.valueOf(zhang))) {
            Map<String, Object> found = JsonValues.parseObject(frontline.get("/api/console/customers?q=" + q(query)).body());
            assertThat(found).as(query).containsEntry("exact", true).containsEntry("total", 1L);
            assertThat(list(found.get("matches")).get(0)).as(query).containsEntry("id", zhang).containsEntry("name", "张*")
                    .containsEntry("phone", "138****5678").containsEntry("email", "z***@example.com").containsEntry("orders", 1L * 2)
                    .containsEntry("netRevenue", 350.5);
        }
        Map<String, Object> byName = JsonValues.parseObject(frontline.get("/api/console/customers?q=" + q("smith")).body());
        assertThat(byName).containsEntry("exact", false).containsEntry("total", 1L);
        assertThat(list(byName.get("matches")).get(0)).containsEntry("id", john).containsEntry("name", "J*** S***");
        HttpResponse<String> page = frontline.get("/console/customers?q=" + q("13812345678"));
        assertThat(page.statusCode()).as("a single exact hit opens the profile").isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/console/customers/" + zhang);
        HttpResponse<String> list = frontline.get("/console/customers?q=smith&lang=en");
        assertThat(list.body()).contains("Customers matching “smith”: 1", "J*** S***", "j***@example.com").doesNotContain("John Smith");
        HttpResponse<String> none = frontline.get("/console/customers?q=nobody-here&lang=zh-CN");
        assertThat(none.body()).contains("没有客户匹配“nobody-here”");
    }

    @Test
    void theProfileShowsPurchasesVoiceComplaintsConsentAndTheNextBestAction() throws Exception {
        Map<String, Object> customer = JsonValues.parseObject(login("analyst", "analyst-percept-demo").get("/api/console/customers/" + zhang + "?lang=en").body());
        Map<String, Object> purchases = map(customer.get("purchases"));
        assertThat(purchases).containsEntry("orders", 2L).containsEntry("revenue", 350.5).containsEntry("netRevenue", 350.5)
                .containsEntry("averageOrderValue", 175.25).containsEntry("daysSinceLastOrder", 2L);
        assertThat(map(customer.get("consent"))).containsEntry("marketing", true).containsEntry("recorded", true).doesNotContainKey("profiling");
        assertThat(customer).containsEntry("openComplaints", 1L).containsEntry("texts", 2L);
        assertThat(list(customer.get("complaints"))).singleElement().satisfies(complaint -> assertThat(complaint)
                .containsEntry("subject", "配送太慢").containsEntry("event", "Ticket Opened").extractingByKey("text").asString().contains("快递太慢了"));
        assertThat(list(customer.get("sentiment"))).extracting(v -> v.get("event")).containsExactly("Ticket Opened", "Review Submitted");
        assertThat(map(customer.get("nextBestAction"))).containsEntry("kind", "resolve-complaint").extractingByKey("reason").asString()
                .contains("1 open complaint(s)", "churn risk unknown");
        assertThat(map(customer.get("predicted"))).doesNotContainKey("run").containsEntry("propensities", List.of());
        Map<String, Object> other = JsonValues.parseObject(login("analyst", "analyst-percept-demo").get("/api/console/customers/" + john + "?lang=zh-CN").body());
        assertThat(map(other.get("consent"))).containsEntry("recorded", false);
        assertThat(map(other.get("nextBestAction"))).containsEntry("kind", "thank-you").extractingByKey("reason").asString().contains("已下单 1 次");
    }

    @Test
    void theTimelineComesInPagesOfTwentyWithKindsAndFacts() throws Exception {
        ConsoleClient frontline = login("frontline", "frontline-percept-demo");
        Map<String, Object> first = JsonValues.parseObject(frontline.get("/api/console/customers/" + zhang + "/timeline").body());
        assertThat(list(first.get("entries"))).hasSize(20).allSatisfy(entry -> assertThat(entry).containsEntry("kind", "visit"));
        Map<String, Object> second = JsonValues.parseObject(frontline.get("/api/console/customers/" + zhang + "/timeline?before=" + first.get("next")).body());
        List<Map<String, Object>> rest = list(second.get("entries"));
        assertThat(second).as("null fields are left out").doesNotContainKey("next");
        assertThat(rest).extracting(entry -> entry.get("kind")).containsExactly("review", "ticket", "order", "order", "profile");
        assertThat(rest.get(0)).containsEntry("rating", 5.0).containsEntry("sentiment", "positive");
        assertThat(rest.get(1)).containsEntry("subject", "配送太慢").containsEntry("sentiment", "negative");
        assertThat(rest.get(2)).containsEntry("amount", 250.5).containsEntry("products", List.of("扫拖一体机器人 X1"));
        HttpResponse<String> fragment = frontline.get("/console/customers/" + zhang + "/timeline?before=" + first.get("next") + "&lang=en", "HX-Request", "true");
        assertThat(fragment.body()).doesNotContain("<html").contains("data-kind=\"order\"", "¥250.50", "That is the first event");
        assertThat(frontline.get("/api/console/customers/" + zhang + "/timeline?before=0").statusCode()).isEqualTo(400);
        assertThat(frontline.get("/api/console/customers/999999/timeline").statusCode()).isEqualTo(404);
    }

    @Test
    void theTimelineShowsChosenKindsOnly() throws Exception {
        ConsoleClient frontline = login("frontline", "frontline-percept-demo");
        // the 20 page views come first: orders and the ticket are behind them
        Map<String, Object> orders = JsonValues.parseObject(frontline.get("/api/console/customers/" + zhang + "/timeline?kind=order&kind=ticket").body());
        assertThat(list(orders.get("entries"))).extracting(entry -> entry.get("kind")).containsExactly("ticket", "order", "order");
        assertThat(orders).as("nothing more of these kinds").doesNotContainKey("next");
        Map<String, Object> none = JsonValues.parseObject(frontline.get("/api/console/customers/" + zhang + "/timeline?kind=telemetry").body());
        assertThat(list(none.get("entries"))).isEmpty();
        assertThat(frontline.get("/api/console/customers/" + zhang + "/timeline?kind=gossip").statusCode()).isEqualTo(400);

        HttpResponse<String> page = frontline.get("/console/customers/" + zhang + "?kind=order&lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-kind=\"order\" class=\"on\"").doesNotContain("class=\"event visit\"");
        assertThat(page.body().split("class=\"event order\"", -1)).hasSize(3);
        assertThat(frontline.get("/console/customers/" + zhang + "?kind=telemetry&lang=en").body()).contains("No events of this kind");
    }

    @Test
    void thePageInBothLanguagesMasksPiiWithoutThePermissionAndAuditsNothing() throws Exception {
        ConsoleClient frontline = login("frontline", "frontline-percept-demo");
        HttpResponse<String> chinese = frontline.get("/console/customers/" + zhang + "?lang=zh-CN");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("下一步最佳行动", "跟进未结投诉", "张*", "138****5678", "z***@example.com", "营销: 已同意", "¥350",
                "个人信息（手机号、邮箱、姓名、地址）已脱敏", "跨渠道时间线", "配送太慢").doesNotContain("张三", "13812345678", "zhang.san@");
        HttpResponse<String> english = frontline.get("/console/customers/" + zhang + "?lang=en");
        assertThat(english.body()).contains("Next best action", "Follow up on the open complaint", "Timeline across channels", "Load more",
                "No prediction run yet").doesNotContain("张三");
        Map<String, Object> json = JsonValues.parseObject(frontline.get("/api/console/customers/" + zhang).body());
        assertThat(json).containsEntry("name", "张*").containsEntry("piiShown", List.of());
        assertThat(list(json.get("identifiers"))).extracting(i -> i.get("value")).contains("138****5678", "z***@example.com", "c-1001")
                .doesNotContain("+8613812345678");
        assertThat(map(json.get("traits"))).containsEntry("name", "张*").containsEntry("plan", "gold");
        assertThat(api("GET", "/api/users/audit?user=frontline&limit=100", null).body()).doesNotContain("pii.viewed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUserWithThePiiPermissionSeesItAndEachViewIsAudited() throws Exception {
        HttpResponse<String> created = api("POST", "/api/users", "{\"username\":\"desk-pii\",\"password\":\"desk-pii-password-1\",\"roles\":[\"frontline\"],\"pii\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ConsoleClient desk = login("desk-pii", "desk-pii-password-1");
        Map<String, Object> json = JsonValues.parseObject(desk.get("/api/console/customers/" + zhang).body());
        assertThat(json).containsEntry("name", "张三");
        assertThat(list(json.get("identifiers"))).extracting(i -> i.get("value")).contains("+8613812345678", "zhang.san@example.com");
        assertThat((List<Object>) json.get("piiShown")).contains("email", "phone", "name");
        assertThat(desk.get("/console/customers/" + zhang + "?lang=en").body()).contains("张三", "+8613812345678", "zhang.san@example.com",
                "every customer you open is recorded");
        List<Map<String, Object>> audit = list(JsonValues.parse(api("GET", "/api/users/audit?user=desk-pii&limit=100", null).body()
                .getBytes(StandardCharsets.UTF_8)));
        List<Map<String, Object>> views = audit.stream().filter(entry -> "pii.viewed".equals(entry.get("action"))).toList();
        assertThat(views).as("one entry per profile view: the API and the page").hasSize(2)
                .allSatisfy(entry -> assertThat(entry).containsEntry("actor", "desk-pii").containsEntry("target", "profile:" + zhang));
        assertThat(String.valueOf(views.get(0).get("detail"))).contains("phone", "email", "name");
    }

    @Test
    void everyRoleMayUseItAndBadInputIsRefused() throws Exception {
        for (String user : List.of("exec", "analyst", "frontline", "demo-admin")) {
            ConsoleClient browser = login(user, user + "-percept-demo");
            assertThat(browser.get("/console/customers").statusCode()).as(user).isEqualTo(200);
            assertThat(browser.get("/api/console/customers/" + zhang).statusCode()).as(user).isEqualTo(200);
        }
        ConsoleClient frontline = login("frontline", "frontline-percept-demo");
        assertThat(frontline.get("/api/console/customers?q=").statusCode()).isEqualTo(400);
        assertThat(frontline.get("/api/console/customers?q=" + "x".repeat(101)).statusCode()).isEqualTo(400);
        HttpResponse<String> tooLong = frontline.get("/console/customers?q=" + "x".repeat(101) + "&lang=en");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("1 to 100 characters");
        assertThat(frontline.get("/api/console/customers/no-such-customer").statusCode()).isEqualTo(404);
        HttpResponse<String> missing = frontline.get("/console/customers/no-such-customer?lang=en");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No customer has the id or user id “no-such-customer”");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/console/customers/" + zhang)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no login").isEqualTo(401);
    }
}
