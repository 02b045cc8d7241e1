package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.insight.OrderDays;
import io.percept.perception.VoiceOfCustomer;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * "What changed" over HTTP on orders and reviews tracked through the API: four regions order 8 a
 * week (half audio, half kitchen) for 14 weeks, except that 华南 orders 32 a week in the weeks 4 and 3
 * weeks back; delivery complaints in 华东. The API and the card tell 华南's rise in both languages, the
 * customers' words behind a complaint topic are read for a window and regions, bad input is a 400 and
 * the front line is refused.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleChangesTests {

    private static final String KEY = "key-console-changes-01";
    private static final String TOKEN = "console-changes-token";
    private static final List<String> REGIONS = List.of("华东", "华南", "华北", "西南");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    @Autowired
    OrderDays orderDays;

    @Autowired
    VoiceOfCustomer voice;

    private final HttpClient http = HttpClient.newHttpClient();
    /** The last day the card reads: yesterday (the business zone is UTC here). */
    private final LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private int orders;

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String order(String region, LocalDate day, int n, String category) {
        orders++;
        String user = "u-" + region.hashCode() % 1000 + "-" + n % 20;
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + day.atTime(4 + n % 16, n % 60)
                .toInstant(ZoneOffset.UTC) + "\",\"properties\":{\"order_id\":\"o-" + orders + "\",\"revenue\":100,\"region\":\"" + region
                + "\",\"products\":[{\"product_id\":\"" + category + "-1\",\"category\":\"" + category + "\",\"price\":100,\"quantity\":1}]}}";
    }

    private void send(List<String> events) throws Exception {
        for (int from = 0; from < events.size(); from += 500) {
            String batch = String.join(",", events.subList(from, Math.min(events.size(), from + 500)));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + batch + "]}", StandardCharsets.UTF_8)).build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @BeforeAll
    void trackFourteenWeeks() throws Exception {
        List<String> events = new ArrayList<>();
        for (int weeksBack = 0; weeksBack < 14; weeksBack++) {
            for (String region : REGIONS) {
                int perWeek = region.equals("华南") && (weeksBack == 3 || weeksBack == 4) ? 32 : 8;
                for (int n = 0; n < perWeek; n++) {
                    LocalDate day = last.minusDays(7L * weeksBack + n % 7);
                    events.add(order(region, day, n, n % 2 == 0 ? "audio" : "kitchen"));
                }
            }
        }
        for (int n = 0; n < 3; n++) {
            events.add("{\"type\":\"track\",\"userId\":\"u-east-" + n + "\",\"event\":\"Review Submitted\",\"timestamp\":\""
                    + last.minusDays(2 + n).atTime(10, 0).toInstant(ZoneOffset.UTC)
                    + "\",\"properties\":{\"text\":\"物流太慢了，等了一个多星期才到，第" + (n + 1) + "次这样\",\"rating\":1,\"region\":\"华东\"}}");
        }
        send(events);
        int total = orders;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                orderDays.totals(last.minusDays(120), last, OrderDays.Dimension.REGION, OrderDays.Filter.all()).stream()
                        .mapToLong(OrderDays.Cell::orders).sum() == total
                        && voice.totals(last.minusDays(10), last, VoiceOfCustomer.Dimension.NONE).texts() == 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiTellsTheRegionsRiseInBothLanguages() throws Exception {
        HttpResponse<String> response = get("/api/console/changes?lang=en");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> changes = JsonValues.parseObject(response.body());
        assertThat(changes.get("to")).isEqualTo(last.toString());
        // the store began 14 weeks back: its first (partial) week is left out, 13 weeks are read
        assertThat(changes.get("from")).isEqualTo(last.minusDays(7 * 12 + 6).toString());
        assertThat(((Number) changes.get("weeks")).intValue()).isEqualTo(13);
        Map<String, Object> south = ((List<Map<String, Object>>) changes.get("changes")).stream()
                .filter(change -> change.get("kind").equals("regional-demand")).findFirst().orElseThrow(() -> new AssertionError(response.body()));
        assertThat(south.get("regions")).isEqualTo(List.of("华南"));
        assertThat(south.get("from")).isEqualTo(last.minusDays(7 * 4 + 6).toString());
        assertThat(south.get("to")).isEqualTo(last.minusDays(7 * 3).toString());
        assertThat(((Number) south.get("observed")).doubleValue()).isEqualTo(64);
        assertThat(((Number) south.get("expected")).doubleValue()).isEqualTo(16);
        assertThat(((Number) south.get("ratio")).doubleValue()).isEqualTo(4);
        assertThat(((Number) south.get("elsewhere")).doubleValue()).isEqualTo(1);
        assertThat((String) south.get("headline")).isEqualTo("华南 bought more across categories");
        assertThat((String) south.get("explanation")).contains("64 orders, 4.0× usual; 2 of 2 categories rose 1.2× or more",
                "other regions were at 1.0×");

        Map<String, Object> chinese = JsonValues.parseObject(get("/api/console/changes?lang=zh-CN").body());
        Map<String, Object> southZh = ((List<Map<String, Object>>) chinese.get("changes")).stream()
                .filter(change -> change.get("kind").equals("regional-demand")).findFirst().orElseThrow();
        assertThat((String) southZh.get("headline")).isEqualTo("华南多品类需求齐涨");
        assertThat((String) southZh.get("explanation")).contains("订单64单，为平时的4.0倍", "2个品类中2个上涨1.2倍以上");
    }

    @Test
    void theCardShowsTheChangesAndTheCustomersWords() throws Exception {
        ConsoleClient executive = ConsoleClient.signedIn(port, "exec", "exec-percept-demo");
        HttpResponse<String> card = executive.get("/console/changes?lang=en");
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.body()).contains("data-kind=\"regional-demand\"", "华南 bought more across categories", "Overview of 华南");

        String words = "/console/changes/words?topic=logistics&region=" + URLEncoder.encode("华东", StandardCharsets.UTF_8) + "&from="
                + last.minusDays(30) + "&to=" + last;
        HttpResponse<String> quotes = executive.get(words);
        assertThat(quotes.statusCode()).isEqualTo(200);
        assertThat(quotes.body()).contains("等了一个多星期才到，第1次这样", "等了一个多星期才到，第3次这样");
        HttpResponse<String> elsewhere = executive.get(words.replace(URLEncoder.encode("华东", StandardCharsets.UTF_8), URLEncoder.encode("华南",
                StandardCharsets.UTF_8)));
        assertThat(elsewhere.body()).doesNotContain("等了一个多星期才到");
    }

    @Test
    void badInputIsA400AndTheFrontLineIsRefused() throws Exception {
        ConsoleClient executive = ConsoleClient.signedIn(port, "exec", "exec-percept-demo");
        assertThat(executive.get("/console/changes/words?topic=logistics&from=" + last + "&to=" + last.minusDays(1)).statusCode()).isEqualTo(400);
        assertThat(executive.get("/console/changes/words?topic=logistics&from=" + last.minusYears(2) + "&to=" + last).statusCode()).isEqualTo(400);
        assertThat(executive.get("/console/changes/words?topic=logistics&from=yesterday&to=" + last).statusCode()).isEqualTo(400);
        assertThat(executive.get("/console/changes/words?from=" + last + "&to=" + last).statusCode()).isEqualTo(400);

        ConsoleClient frontline = ConsoleClient.signedIn(port, "frontline", "frontline-percept-demo");
        assertThat(frontline.get("/api/console/changes").statusCode()).isEqualTo(403);
        assertThat(frontline.get("/console/changes").statusCode()).isEqualTo(403);
    }
}
