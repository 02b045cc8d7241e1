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
 * The market page on a few orders tracked through the API (no prediction run): the figures of
 * {@code /api/console/market} against hand-computed ones, the page in both languages, roles and bad
 * input.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleMarketTests {

    private static final String KEY = "key-console-market-01";
    private static final String TOKEN = "console-market-token";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private ConsoleClient as(String user) throws Exception {
        return ConsoleClient.signedIn(port, user, user + "-percept-demo");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private Map<String, Object> api(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    private static String line(String sku, String category, int quantity, double price) {
        return "{\"product_id\":\"" + sku + "\",\"category\":\"" + category + "\",\"quantity\":" + quantity + ",\"price\":" + price + "}";
    }

    private static String order(String user, Instant at, String region, double revenue, String... lines) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + at + "\",\"properties\":{\"region\":\""
                + region + "\",\"revenue\":" + revenue + ",\"products\":[" + String.join(",", lines) + "]}}";
    }

    /**
     * c1 and c3 live in 华北, c2 in 华南. Last 30 days: c1 buys 2 purifiers (2,000) and a purifier with 2 filters (1,200), c2 one
     * headphone (500). The 30 days before: c2 3 headphones (1,500), c3 a purifier (1,000). And a refund, which is not counted.
     */
    @BeforeAll
    void trackOrders() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        List<String> events = new ArrayList<>();
        String[][] people = {{"c1", "华北"}, {"c2", "华南"}, {"c3", "华北"}};
        for (String[] person : people) {
            events.add("{\"type\":\"identify\",\"userId\":\"" + person[0] + "\",\"timestamp\":\"" + now.minus(90, ChronoUnit.DAYS)
                    + "\",\"context\":{\"location\":{\"region\":\"" + person[1] + "\"}}}");
        }
        events.add(order("c1", now.minus(2, ChronoUnit.DAYS), "华北", 2000, line("AP-1", "空气净化器", 2, 1000)));
        events.add(order("c1", now.minus(5, ChronoUnit.DAYS), "华北", 1200, line("AP-1", "空气净化器", 1, 1000), line("FL-1", "滤网耗材", 2, 100)));
        events.add(order("c2", now.minus(10, ChronoUnit.DAYS), "华南", 500, line("HP-1", "耳机音箱", 1, 500)));
        events.add(order("c2", now.minus(40, ChronoUnit.DAYS), "华南", 1500, line("HP-1", "耳机音箱", 3, 500)));
        events.add(order("c3", now.minus(45, ChronoUnit.DAYS), "华北", 1000, line("AP-1", "空气净化器", 1, 1000)));
        events.add("{\"type\":\"track\",\"userId\":\"c1\",\"event\":\"Order Refunded\",\"timestamp\":\"" + now.minus(1, ChronoUnit.DAYS)
                + "\",\"properties\":{\"revenue\":2000,\"products\":[" + line("AP-1", "空气净化器", 2, 1000) + "]}}");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", events) + "]}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Object> market = api("/api/console/market?days=30");
            // the product catalogue (names, categories) is its own processor: wait for it too
            return ((Number) figures(market).get("previousOrders")).intValue() == 2 && ((Number) region(market, "华北").get("customers")).intValue() == 2
                    && list(market, "risingProducts").stream().allMatch(product -> !"".equals(product.get("category")) && product.get("category") != null)
                    && !list(market, "risingProducts").isEmpty();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figures(Map<String, Object> market) {
        return (Map<String, Object>) market.get("totals");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> region(Map<String, Object> market, String name) {
        return ((List<Map<String, Object>>) market.get("regions")).stream().filter(r -> name.equals(r.get("region"))).findFirst()
                .orElse(Map.of("customers", 0));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> market, String key) {
        return (List<Map<String, Object>>) market.get(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFiguresAreTheOrdersOfThePeriodAgainstTheOneBefore() throws Exception {
        Map<String, Object> market = api("/api/console/market?days=30");
        assertThat(figures(market)).containsEntry("orders", 3L).containsEntry("units", 6.0).containsEntry("revenue", 3700.0)
                .containsEntry("previousOrders", 2L).containsEntry("previousUnits", 4.0).containsEntry("previousRevenue", 2500.0)
                .containsEntry("ordersChange", 0.5).containsEntry("revenueChange", 0.48);

        List<Map<String, Object>> regions = list(market, "regions");
        assertThat(regions).extracting(r -> r.get("region")).containsExactly("华北", "华南");
        Map<String, Object> north = regions.get(0);
        assertThat((Map<String, Object>) north.get("figures")).containsEntry("revenue", 3200.0).containsEntry("previousRevenue", 1000.0)
                .containsEntry("revenueChange", 2.2);
        // score = 100 × (0.40 × L/max L + 0.35 × (clamp(g) + 1) / 3) / 0.75 without a prediction run
        assertThat(north).containsEntry("customers", 2L).containsEntry("revenuePerCustomer", 1600.0).containsEntry("score", 100.0)
                .containsEntry("driver", "空气净化器").containsEntry("driverChange", 2.0).doesNotContainKey("predictedValue");
        assertThat(regions.get(1)).containsEntry("score", 21.9).containsEntry("driver", "耳机音箱").containsEntry("driverChange", -0.6667);
        assertThat((String) north.get("reason")).isEqualTo("华北: revenue +220 % vs the previous 30 days (¥3,200), driven by 空气净化器 (+200 %)");
        assertThat((String) north.get("reasonZh")).isEqualTo("华北：收入较前30天增长220%（¥3,200），主要来自空气净化器（+200%）。");
        assertThat((String) regions.get(1).get("reason")).contains("held back by 耳机音箱 (−67 %)");

        assertThat(list(market, "categories")).extracting(c -> c.get("category")).containsExactly("空气净化器", "滤网耗材", "耳机音箱");
        assertThat(list(market, "risingProducts")).extracting(p -> p.get("sku"), p -> p.get("category"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AP-1", "空气净化器"), org.assertj.core.groups.Tuple.tuple("FL-1", "滤网耗材"));
        assertThat((Map<String, Object>) list(market, "risingProducts").get(0).get("figures")).containsEntry("units", 3.0).containsEntry("previousUnits", 1.0);
        assertThat(list(market, "fallingProducts")).extracting(p -> p.get("sku")).containsExactly("HP-1");
        // the history starts 45 days ago: products first ordered in its first 14 days are not new, FL-1 (5 days ago) is
        assertThat(list(market, "newProducts")).extracting(p -> p.get("sku")).containsExactly("FL-1");
        assertThat((Map<String, Object>) list(market, "newProducts").get(0).get("regions")).containsExactly(Map.entry("华北", 1.0));

        long heat = ((List<List<Number>>) market.get("weekdayHours")).stream().flatMap(List::stream).mapToLong(Number::longValue).sum();
        assertThat(heat).isEqualTo(3);
        assertThat(market.get("weeklyByRegion")).asList().hasSize(2);
        assertThat(((Map<String, Object>) market.get("forecast")).get("skipped")).isEqualTo("no prediction run yet");
        assertThat(market.get("segments")).asList().isEmpty();
        // each category here sells in one region only: no region outgrows its category
        assertThat(market.get("hotspots")).asList().isEmpty();
        assertThat(market.get("channels")).asList().containsExactly("web");
    }

    @Test
    void filtersNarrowToAChannelOrACategory() throws Exception {
        assertThat(figures(api("/api/console/market?days=30&category=耳机音箱"))).containsEntry("orders", 1L).containsEntry("revenue", 500.0)
                .containsEntry("previousRevenue", 1500.0);
        assertThat(figures(api("/api/console/market?days=30&channel=app"))).containsEntry("orders", 0L).containsEntry("previousOrders", 0L);
        assertThat(figures(api("/api/console/market?days=7"))).containsEntry("orders", 2L).containsEntry("revenue", 3200.0);
    }

    @Test
    void thePageShowsTheFiguresInBothLanguages() throws Exception {
        ConsoleClient analyst = as("analyst");
        HttpResponse<String> zh = analyst.get("/console/market?days=30&lang=zh-CN");
        assertThat(zh.statusCode()).isEqualTo(200);
        assertThat(zh.body()).contains("lang=\"zh-CN\"", "市场与需求", "资源投放建议", "华北：收入较前30天增长220%", "¥3,700", "data-region=\"华北\"");
        HttpResponse<String> en = as("exec").get("/console/market?days=30&lang=en");
        assertThat(en.body()).contains("Market and demand", "Where to put resources", "华北: revenue +220 % vs the previous 30 days", "¥3,700",
                "No forecast to show: no prediction run yet");
    }

    @Test
    void theFrontLineIsTurnedAwayPolitely() throws Exception {
        ConsoleClient frontline = as("frontline");
        HttpResponse<String> page = frontline.get("/console/market?lang=en");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This page is meant for other roles");
        assertThat(frontline.get("/api/console/market").statusCode()).isEqualTo(403);
        assertThat(as("exec").get("/api/console/market?days=7").statusCode()).isEqualTo(200);
    }

    @Test
    void aBadFilterIsABadRequest() throws Exception {
        assertThat(get("/api/console/market?days=12").statusCode()).isEqualTo(400);
        assertThat(get("/api/console/market?channel=telepathy").body()).contains("unknown channel");
        assertThat(get("/api/console/market?channel=telepathy").statusCode()).isEqualTo(400);
        HttpResponse<String> page = as("exec").get("/console/market?days=12&lang=en");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("days must be 7, 30 or 90");
    }
}
