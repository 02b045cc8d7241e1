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
 * The executive overview on a few customers tracked through the API: the page renders in both
 * languages with the figures of {@code /api/console/overview}, and those figures are the ones the
 * profiles and the voice of the customer report.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOverviewTests {

    private static final String KEY = "key-console-overview-01";
    private static final String TOKEN = "console-overview-token";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    /** A browser-like client logged in as the demo's executive (the console's pages need a login). */
    private ConsoleClient executive() throws Exception {
        ConsoleClient client = new ConsoleClient(port);
        assertThat(client.login("exec", "exec-percept-demo").statusCode()).isEqualTo(302);
        return client;
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private Map<String, Object> api(String path) throws Exception {
        HttpResponse<String> response = get(path, "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    private static String track(String user, String event, Instant at, String properties) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"" + event + "\",\"timestamp\":\"" + at + "\",\"properties\":" + properties + "}";
    }

    private static Instant daysAgo(Instant now, int days) {
        return now.minus(days, ChronoUnit.DAYS);
    }

    /**
     * Three customers: c1 (east) orders twice in the last 30 days and complains about delivery; c2 (south)
     * ordered 40 days ago and praises the product; c3 (east) orders once 10 days ago (each order names its region) and complained
     * about a slow delivery 40 days ago. NPS: 9 and 3
     * now, 10 before.
     */
    @BeforeAll
    void trackAFewCustomers() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        List<String> events = new ArrayList<>();
        String[][] people = {{"c1", "华东"}, {"c2", "华南"}, {"c3", "华东"}};
        for (String[] person : people) {
            events.add("{\"type\":\"identify\",\"userId\":\"" + person[0] + "\",\"timestamp\":\"" + daysAgo(now, 60) + "\",\"context\":{\"location\":{\"region\":\""
                    + person[1] + "\"}}}");
        }
        // c1 was also anonymous visitor a-c1, who complained 120 days ago before signing in (outside every 90-day period the other tests read)
        events.add("{\"type\":\"identify\",\"userId\":\"c1\",\"anonymousId\":\"a-c1\",\"timestamp\":\"" + daysAgo(now, 60) + "\"}");
        events.add("{\"type\":\"track\",\"anonymousId\":\"a-c1\",\"event\":\"Review Submitted\",\"timestamp\":\"" + daysAgo(now, 120)
                + "\",\"properties\":{\"text\":\"客服态度很差，问题一直没人解决，非常失望\",\"rating\":1}}");
        events.add(track("c1", "Order Completed", daysAgo(now, 2), "{\"order_id\":\"o1\",\"revenue\":100,\"region\":\"华东\",\"products\":[{\"product_id\":\"QH-AU-01\",\"category\":\"audio\",\"price\":100,\"quantity\":1}]}"));
        events.add(track("c1", "Order Completed", daysAgo(now, 5), "{\"order_id\":\"o2\",\"revenue\":50.5,\"region\":\"华东\"}"));
        events.add(track("c3", "Order Completed", daysAgo(now, 10), "{\"order_id\":\"o3\",\"revenue\":20,\"region\":\"华东\"}"));
        events.add(track("c2", "Order Completed", daysAgo(now, 40), "{\"order_id\":\"o4\",\"revenue\":80,\"region\":\"华南\"}"));
        events.add(track("c1", "Review Submitted", daysAgo(now, 1), "{\"text\":\"快递太慢了，足足等了一个星期，外包装也压坏了，非常失望\",\"rating\":1}"));
        events.add(track("c3", "Review Submitted", daysAgo(now, 40), "{\"text\":\"物流太慢了，等了一个多星期才到\",\"rating\":2}"));
        events.add(track("c2", "Review Submitted", daysAgo(now, 3), "{\"text\":\"质量很好，做工精致，非常满意，会再买\",\"rating\":5}"));
        events.add(track("c1", "Survey Answered", daysAgo(now, 1), "{\"nps\":9}"));
        events.add(track("c2", "Survey Answered", daysAgo(now, 2), "{\"nps\":3}"));
        events.add(track("c3", "Survey Answered", daysAgo(now, 35), "{\"nps\":10}"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", events) + "]}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Object> overview = api("/api/console/overview?days=90");
            return ((Number) overview.get("texts")).intValue() == 3 && kpi(overview, "orders").get("value").equals(4.0)
                    && kpi(api("/api/console/overview?days=30&region=华南"), "activeCustomers").get("value").equals(1.0);
        });
        // two saved segments: the east (c1 and c3, by their profiles' region) and the repeat buyers (c1 alone)
        for (String[] segment : new String[][] {{"east", "region = \\\"华东\\\""}, {"repeat", "orders >= 2"}}) {
            HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/segments/" + segment[0]))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"definition\":\"" + segment[1] + "\"}", StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kpi(Map<String, Object> overview, String key) {
        return ((List<Map<String, Object>>) overview.get("kpis")).stream().filter(k -> key.equals(k.get("key"))).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKpisAreThoseOfTheTrackedCustomers() throws Exception {
        Map<String, Object> overview = api("/api/console/overview?days=30");
        assertThat(kpi(overview, "orders")).containsEntry("value", 3.0).containsEntry("previous", 1.0).containsEntry("change", 2.0);
        assertThat(kpi(overview, "revenue")).containsEntry("value", 170.5).containsEntry("previous", 80.0);
        assertThat(kpi(overview, "activeCustomers")).containsEntry("value", 3.0).containsEntry("previous", 2.0);
        assertThat(kpi(overview, "nps")).containsEntry("value", 0.0).containsEntry("previous", 100.0).containsEntry("change", -100.0);
        assertThat(kpi(overview, "complaintRate")).containsEntry("value", 50.0);
        assertThat(kpi(api("/api/console/overview?days=30&region=华东"), "orders")).containsEntry("value", 3.0).containsEntry("previous", 0.0);
        assertThat(kpi(api("/api/console/overview?days=30&channel=web"), "orders")).containsEntry("value", 3.0);
        assertThat(kpi(api("/api/console/overview?days=7"), "orders")).containsEntry("value", 2.0);
        List<Map<String, Object>> trend = (List<Map<String, Object>>) overview.get("trend");
        assertThat(trend).as("every day of the period, days without orders too").hasSize(30);
        assertThat(trend.stream().mapToLong(day -> ((Number) day.get("orders")).longValue()).sum()).isEqualTo(3);
        assertThat(trend.stream().mapToDouble(day -> ((Number) day.get("revenue")).doubleValue()).sum()).isEqualTo(170.5);
        assertThat((Map<String, Object>) overview.get("themes")).containsKeys("weekStart", "weekEnd", "themes");
        Map<String, Object> product = api("/api/console/overview?days=30&product=QH-AU-01");
        assertThat(kpi(product, "orders")).containsEntry("value", 1.0);
        assertThat(kpi(product, "revenue")).containsEntry("value", 100.0);
        assertThat(kpi(product, "activeCustomers")).as("not narrowed by product").doesNotContainKey("value");
        assertThat((List<String>) overview.get("products")).containsExactly("QH-AU-01");
        assertThat((List<?>) overview.get("complaintShifts")).as("no region has 5 texts in this small world").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFiguresAgreeWithTheProfilesAndTheVoiceOfTheCustomer() throws Exception {
        Map<String, Object> overview = api("/api/console/overview?days=90");
        double orders = 0;
        double revenue = 0;
        for (String user : List.of("c1", "c2", "c3")) {
            Map<String, Object> attributes = (Map<String, Object>) api("/api/profiles/by-identifier/user_id/" + user).get("attributes");
            orders += ((Number) attributes.get("orders")).doubleValue();
            revenue += ((Number) attributes.get("revenue")).doubleValue();
        }
        assertThat(kpi(overview, "orders").get("value")).isEqualTo(orders);
        assertThat(kpi(overview, "revenue").get("value")).isEqualTo(revenue);
        Map<String, Object> topics = api("/api/voc/topics?from=" + overview.get("from") + "&to=" + overview.get("to") + "&lang=en");
        Map<String, Object> all = ((List<Map<String, Object>>) topics.get("groups")).get(0);
        assertThat(kpi(overview, "sentiment").get("value")).isEqualTo(all.get("averageScore"));
        assertThat(overview.get("topics")).isEqualTo(all.get("topics"));
        // the previous period's totals, read without its topics: c3's complaint 40 days ago is in the 30-day overview's previous period
        Map<String, Object> month = api("/api/console/overview?days=30");
        Map<String, Object> before = ((List<Map<String, Object>>) api("/api/voc/topics?from=" + month.get("previousFrom") + "&to="
                + month.get("previousTo") + "&lang=en").get("groups")).get(0);
        assertThat(kpi(month, "sentiment").get("previous")).isEqualTo(before.get("averageScore"));
        assertThat(((Number) kpi(month, "complaintRate").get("previous")).doubleValue())
                .isEqualTo(Math.round(10_000.0 * ((Number) before.get("negativeTexts")).longValue() / ((Number) before.get("texts")).longValue()) / 100.0);
    }

    @Test
    void thePageShowsTheApisFiguresInBothLanguages() throws Exception {
        Map<String, Object> overview = api("/api/console/overview?days=30");
        ConsoleClient browser = executive();
        HttpResponse<String> chinese = browser.get("/console", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("lang=\"zh-CN\"", "经营总览", "客户之声", "投诉率", "总览", "每日订单与收入", "新出现的投诉主题");
        assertThat(chinese.body()).as("who is signed in, and a sign-out form with its CSRF token").contains("class=\"user-name\">exec<", "退出登录")
                .containsPattern("action=\"/logout\"[\\s\\S]*name=\"_csrf\"");
        assertThat(kpiOnPage(chinese.body(), "orders")).isEqualTo("3");
        assertThat(kpiOnPage(chinese.body(), "revenue")).isEqualTo("171");
        assertThat(kpiOnPage(chinese.body(), "complaintRate")).isEqualTo("50.0%");
        assertThat(kpiOnPage(chinese.body(), "activeCustomers")).isEqualTo(String.valueOf(((Number) kpi(overview, "activeCustomers").get("value")).intValue()));
        HttpResponse<String> english = browser.get("/console?lang=en", "Accept-Language", "zh-CN");
        assertThat(english.body()).contains("lang=\"en\"", "Executive overview", "Voice of the customer", "Complaint rate", "Orders and revenue per day", "id=\"trend-chart\"", "Emerging complaint themes");
        assertThat(english.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("percept-lang=en"));
        HttpResponse<String> remembered = browser.get("/console", "Accept-Language", "zh-CN");
        assertThat(remembered.body()).as("the language cookie is remembered").contains("Executive overview");
        assertThat(executive().get("/console", "Accept-Language", "fr-FR").body()).contains("lang=\"en\"");
        assertThat(get("/console").statusCode()).as("not logged in: to the login page").isEqualTo(302);
    }

    @Test
    void aTopicLeadsToTheCustomersOwnWords() throws Exception {
        ConsoleClient browser = executive();
        HttpResponse<String> page = browser.get("/console/verbatims?topic=logistics&days=30&lang=zh-CN");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("快递", "/console/customers/c1").doesNotContain("质量很好");
        HttpResponse<String> fragment = browser.get("/console/verbatims?topic=logistics&days=30", "HX-Request", "true");
        assertThat(fragment.body()).doesNotContain("<html").contains("class=\"verbatims\"");
    }

    @Test
    void aBadFilterIsABadRequest() throws Exception {
        ConsoleClient browser = executive();
        assertThat(browser.get("/console?days=12").statusCode()).isEqualTo(400);
        assertThat(get("/api/console/overview?days=30&region=a&channel=b", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/console/overview?days=30&channel=web&product=QH-AU-01", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
    }

    /**
     * The east segment (c1, c3) in the last 30 days: c1's orders o1 (100, product QH-AU-01) and o2 (50.5) and c3's o3 (20);
     * c2's order 40 days ago is not a member's, so nothing before. Active: both. Texts: c1's complaint now, c3's 40 days ago
     * (c2's praise is not a member's). NPS: c1's 9 now, c3's 10 before.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSegmentNarrowsEveryFigureToItsMembers() throws Exception {
        Map<String, Object> east = api("/api/console/overview?days=30&segment=east");
        assertThat((Map<String, Object>) east.get("segment")).containsEntry("id", "east").containsEntry("name", "east");
        assertThat(((Number) ((Map<String, Object>) east.get("segment")).get("members")).intValue()).isEqualTo(2);
        assertThat(kpi(east, "orders")).containsEntry("value", 3.0).containsEntry("previous", 0.0);
        assertThat(kpi(east, "revenue")).containsEntry("value", 170.5).containsEntry("previous", 0.0);
        assertThat(kpi(east, "activeCustomers")).containsEntry("value", 2.0);
        assertThat(kpi(east, "complaintRate")).containsEntry("value", 100.0).containsEntry("previous", 100.0).containsEntry("change", 0.0);
        assertThat(kpi(east, "nps")).containsEntry("value", 100.0).containsEntry("previous", 100.0);
        assertThat(((Number) east.get("texts")).intValue()).isEqualTo(1);
        assertThat((List<Map<String, Object>>) east.get("topics")).extracting(topic -> topic.get("topic")).contains("logistics");
        List<Map<String, Object>> trend = (List<Map<String, Object>>) east.get("trend");
        assertThat(trend).hasSize(30);
        assertThat(trend.stream().mapToDouble(day -> ((Number) day.get("revenue")).doubleValue()).sum()).isEqualTo(170.5);
        assertThat((List<String>) east.get("unfiltered")).as("the themes and the complaint shifts follow the segment").containsExactly("alerts", "anomalies");
        Map<String, Object> themes = (Map<String, Object>) east.get("themes");
        assertThat(((Number) themes.get("negativeTexts")).intValue()).as("c1's complaint of the last 7 days, not c2's").isEqualTo(1);
        assertThat(((Number) themes.get("baselineNegativeTexts")).intValue()).as("c3's complaint 40 days ago").isEqualTo(1);
        assertThat((List<Map<String, Object>>) east.get("segments")).extracting(choice -> choice.get("id") + "=" + choice.get("members"))
                .containsExactly("east=2", "repeat=1");

        Map<String, Object> repeat = api("/api/console/overview?days=30&segment=repeat");
        assertThat(kpi(repeat, "orders")).containsEntry("value", 2.0);
        assertThat(kpi(repeat, "revenue")).containsEntry("value", 150.5);
        assertThat(kpi(repeat, "activeCustomers")).containsEntry("value", 1.0);
        assertThat(kpi(repeat, "complaintRate")).as("c1 wrote nothing before").containsEntry("value", 100.0).doesNotContainKey("previous");
        assertThat(kpi(repeat, "nps")).containsEntry("value", 100.0).doesNotContainKey("previous");
        assertThat(((Number) kpi(repeat, "sentiment").get("value")).doubleValue()).as("c1's one text is negative").isNegative();
        assertThat((List<String>) api("/api/console/overview?days=30").get("unfiltered")).isEmpty();
    }

    /** A member's texts and activity under an anonymous id of its profile count as the member's, once per profile. */
    @Test
    void aMembersAnonymousTextsAndActivityAreTheMembers() throws Exception {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, Object> quarter = api("/api/console/overview?days=90&segment=repeat");
            assertThat(kpi(quarter, "complaintRate")).as("a-c1's complaint 120 days ago is c1's").containsEntry("previous", 100.0);
            assertThat(kpi(quarter, "activeCustomers")).as("c1 now, and a-c1 (c1) before").containsEntry("value", 1.0).containsEntry("previous", 1.0);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSegmentCombinesWithARegionAChannelOrAProduct() throws Exception {
        Map<String, Object> product = api("/api/console/overview?days=30&segment=east&product=QH-AU-01");
        assertThat(kpi(product, "orders")).containsEntry("value", 1.0);
        assertThat(kpi(product, "revenue")).containsEntry("value", 100.0);
        assertThat(kpi(product, "activeCustomers")).as("not narrowed by product").doesNotContainKey("value");
        Map<String, Object> south = api("/api/console/overview?days=30&segment=east&region=华南");
        assertThat(kpi(south, "orders")).as("the east's members bought nothing in the south").containsEntry("value", 0.0);
        assertThat(kpi(south, "activeCustomers")).containsEntry("value", 0.0);
        assertThat(((Number) south.get("texts")).intValue()).isZero();
        assertThat(kpi(api("/api/console/overview?days=30&segment=east&region=华东"), "activeCustomers")).containsEntry("value", 2.0);
        Map<String, Object> web = api("/api/console/overview?days=30&segment=repeat&channel=web");
        assertThat(kpi(web, "orders")).containsEntry("value", 2.0);
        assertThat(kpi(api("/api/console/overview?days=30&segment=repeat&channel=app"), "orders")).containsEntry("value", 0.0);
        assertThat((List<String>) south.get("unfiltered")).containsExactly("themes", "alerts", "anomalies", "complaintShifts");
        assertThat(get("/api/console/overview?days=30&segment=east&region=华东&channel=web", "Authorization", "Bearer " + TOKEN).statusCode())
                .as("still one of region, channel and product").isEqualTo(400);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> verbatims(String path) throws Exception {
        HttpResponse<String> response = get(path, "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (List<Map<String, Object>>) JsonValues.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSegmentsVerbatimsAreItsMembersWords() throws Exception {
        assertThat(verbatims("/api/console/verbatims?topic=logistics&days=90&segment=east")).extracting(quote -> quote.get("userId"))
                .containsExactlyInAnyOrder("c1", "c3");
        assertThat(verbatims("/api/console/verbatims?topic=logistics&days=90&segment=repeat")).extracting(quote -> quote.get("userId"))
                .containsExactly("c1");
        ConsoleClient browser = executive();
        assertThat(browser.get("/console/verbatims?topic=logistics&days=90&segment=repeat&lang=zh-CN").body()).contains("快递")
                .doesNotContain("物流太慢");
    }

    @Test
    void theSegmentSelectAndScopeShowInBothLanguages() throws Exception {
        Map<String, Object> east = api("/api/console/overview?days=30&segment=east");
        ConsoleClient browser = executive();
        HttpResponse<String> chinese = browser.get("/console?days=30&segment=east", "Accept-Language", "zh-CN");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("客户分群", "全部客户", "已保存的分群", "east（2 人）", "repeat（1 人）", "仅统计该分群当前的 2 位成员",
                "此卡片不受上方筛选条件影响", "仅统计该分群成员的负面文本", "<option value=\"east\" selected=\"selected\"");
        assertThat(browser.get("/console?days=30&segment=east&region=华东&lang=en").body()).as("themes: the segment's, not the region's")
                .contains("Only the segment members, but not narrowed by region, channel or product.");
        assertThat(kpiOnPage(chinese.body(), "orders")).isEqualTo(String.valueOf(((Number) kpi(east, "orders").get("value")).intValue()));
        assertThat(kpiOnPage(chinese.body(), "revenue")).isEqualTo("171");
        assertThat(kpiOnPage(chinese.body(), "complaintRate")).isEqualTo("100.0%");
        assertThat(chinese.body()).as("the period links keep the segment").containsPattern("href=\"/console\\?days=7[^\"]*segment=east\"");
        HttpResponse<String> english = browser.get("/console?days=30&segment=east&lang=en");
        assertThat(english.body()).contains("Segment", "Everyone", "Saved segments", "east (2)", "counts only the 2 current members of this segment",
                "not narrowed by the filters above", "Show everyone");
        assertThat(browser.get("/console?days=30&lang=en").body()).as("no scope line, no notes without a filter")
                .doesNotContain("current members of this segment", "not narrowed by the filters above");
    }

    @Test
    void anUnknownSegmentIsABadRequestAndTheFrontLineCannotSeeIt() throws Exception {
        HttpResponse<String> json = get("/api/console/overview?days=30&segment=nobody", "Authorization", "Bearer " + TOKEN);
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(json.body()).get("detail").toString()).contains("unknown segment 'nobody'");
        assertThat(get("/api/console/overview?days=30&segment=cluster:7", "Authorization", "Bearer " + TOKEN).statusCode())
                .as("no prediction run: no clusters").isEqualTo(400);
        HttpResponse<String> page = executive().get("/console?segment=nobody&lang=en");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("unknown segment");
        ConsoleClient frontline = new ConsoleClient(port);
        assertThat(frontline.login("frontline", "frontline-percept-demo").statusCode()).isEqualTo(302);
        assertThat(frontline.get("/api/console/overview?days=30&segment=east").statusCode()).isEqualTo(403);
        HttpResponse<String> page2 = frontline.get("/console?segment=east");
        assertThat(page2.statusCode()).as("sent to the pages the front line may open").isEqualTo(302);
        assertThat(page2.headers().firstValue("Location").orElse("")).doesNotContain("segment");
    }

    private static String kpiOnPage(String html, String key) {
        int at = html.indexOf("data-kpi=\"" + key + "\"");
        int value = html.indexOf("kpi-value\">", at) + "kpi-value\">".length();
        return html.substring(value, html.indexOf('<', value));
    }
}
