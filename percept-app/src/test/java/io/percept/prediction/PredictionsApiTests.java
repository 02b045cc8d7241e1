package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.platform.JsonText;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A run of the behaviour models over customers made through the tracking API: loyal customers who
 * order every two weeks and lapsed ones who stopped five months ago, some buying a phone with its
 * case. The run must tell them apart (churn risk, P(alive), CLV), find the bundle, recommend what
 * the customer lacks, and its scores must reach profiles, segments and comparisons.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PredictionsApiTests {

    private static final String KEY = "key-predictions-0001";
    private static final String TOKEN = "predictions-token-01";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.segmentation.recompute-interval", () -> "0s");
        registry.add("percept.prediction.targets[0].name", () -> "phone30d");
        registry.add("percept.prediction.targets[0].category", () -> "手机");
        registry.add("percept.prediction.targets[0].horizon", () -> "30d");
        registry.add("percept.prediction.targets[1].name", () -> "offer14d");
        registry.add("percept.prediction.targets[1].horizon", () -> "14d");
        registry.add("percept.prediction.targets[1].trigger", () -> "Offer Sent");
    }

    @LocalServerPort
    int port;

    @Autowired
    EventLog eventLog;

    @Autowired
    io.percept.profile.Profiles profiles;

    @Autowired
    Predictions predictions;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path) throws Exception {
        return send(method, path, null, "Bearer " + TOKEN);
    }

    private Map<String, Object> json(String method, String path) throws Exception {
        HttpResponse<String> response = api(method, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 202);
        return JsonValues.parseObject(response.body());
    }

    private void batch(List<String> events) throws Exception {
        for (int from = 0; from < events.size(); from += 500) {
            String body = "{\"batch\":[" + String.join(",", events.subList(from, Math.min(events.size(), from + 500))) + "]}";
            HttpResponse<String> response = send("POST", "/v1/batch", body,
                    "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private static String order(String user, Instant at, int n, double revenue, String... products) {
        StringBuilder lines = new StringBuilder();
        for (String product : products) {
            String category = product.startsWith("P-") ? "手机" : "配件";
            lines.append(lines.isEmpty() ? "" : ",").append("{\"product_id\":\"").append(product).append("\",\"category\":\"").append(category)
                    .append("\",\"price\":").append(revenue / products.length).append(",\"quantity\":1}");
        }
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + at + "\",\"properties\":{"
                + "\"order_id\":\"" + user + "-" + n + "\",\"revenue\":" + revenue + ",\"products\":[" + lines + "]}}";
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunScoresProfilesAndServesItsModels() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<String> events = new ArrayList<>();
        String[] accessories = new String[40];
        for (int a = 0; a < accessories.length; a++) {
            accessories[a] = "C-" + (a + 1);
        }
        for (int c = 0; c < 240; c++) {
            boolean loyal = c % 2 == 0;
            String user = (loyal ? "loyal-" : "lapsed-") + c;
            events.add("{\"type\":\"identify\",\"userId\":\"" + user + "\",\"context\":{\"location\":{\"region\":\"" + (c % 3 == 0 ? "华东" : "华南")
                    + "\"}}}");
            for (int day : new int[] {120, 200}) {
                events.add("{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Offer Sent\",\"timestamp\":\""
                        + now.minus(day, ChronoUnit.DAYS) + "\",\"properties\":{\"offer\":\"spring-" + day + "\"}}");
            }
            int start = 330 - random.nextInt(30);
            int end = loyal ? random.nextInt(6) : 150 + random.nextInt(30);
            int n = 0;
            for (int day = start; day >= end; day -= loyal ? 10 + random.nextInt(8) : 20 + random.nextInt(10)) {
                Instant at = now.minus(day, ChronoUnit.DAYS).plus(9 + random.nextInt(10), ChronoUnit.HOURS);
                String[] basket = random.nextInt(3) == 0 ? new String[] {"P-1", "C-1"}
                        : new String[] {accessories[random.nextInt(accessories.length)], accessories[random.nextInt(accessories.length)]};
                events.add(order(user, at, n++, loyal ? 300 + random.nextInt(100) : 80 + random.nextInt(40), basket));
            }
        }
        batch(events);
        long head = eventLog.head();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!eventsCaughtUp(head)) {
            assertThat(System.nanoTime()).as("profiles made in time").isLessThan(deadline);
            Thread.sleep(50);
        }

        HttpResponse<String> segment = send("PUT", "/api/segments/at-risk", "{\"definition\":\"churnRisk > 0.5\"}", "Bearer " + TOKEN);
        assertThat(segment.statusCode()).as(segment.body()).isEqualTo(200);

        Map<String, Object> started = json("POST", "/api/predictions/runs");
        long run = ((Number) started.get("run")).longValue();
        assertThat(api("POST", "/api/predictions/runs").statusCode()).as("a second run while one runs").isIn(202, 409);
        Map<String, Object> status;
        do {
            Thread.sleep(200);
            status = json("GET", "/api/predictions/status");
            assertThat(System.nanoTime()).as("the run finished in time").isLessThan(deadline + 120_000_000_000L);
        } while (!"succeeded".equals(status.get("status")) && !"failed".equals(status.get("status")) || ((Number) status.get("id")).longValue() < run);
        assertThat(status.get("status")).as(String.valueOf(status)).isEqualTo("succeeded");
        Map<String, Object> summary = (Map<String, Object>) status.get("summary");
        assertThat(summary).containsEntry("customers", 240L);

        double loyalRisk = meanScore("loyal-", "churnRisk");
        double lapsedRisk = meanScore("lapsed-", "churnRisk");
        assertThat(lapsedRisk).as("lapsed customers are at risk").isGreaterThan(loyalRisk + 0.4);
        assertThat(meanScore("loyal-", "pAlive")).isGreaterThan(meanScore("lapsed-", "pAlive") + 0.3);
        assertThat(meanScore("loyal-", "clv")).isGreaterThan(3 * meanScore("lapsed-", "clv"));

        Map<String, Object> clv = json("GET", "/api/predictions/clv");
        assertThat((Map<String, Object>) clv.get("bgnbd")).containsKeys("r", "alpha", "a", "b");
        Map<String, Object> propensity = json("GET", "/api/predictions/propensity");
        Map<String, Object> churn = (Map<String, Object>) propensity.get("churn");
        assertThat(((Number) churn.get("aucLogistic")).doubleValue()).isGreaterThan(0.9);
        assertThat((List<?>) churn.get("lift")).hasSize(10);
        assertThat(propensity).containsKey("phone30d");
        Map<String, Object> offer = (Map<String, Object>) propensity.get("offer14d");
        assertThat(offer).as("two offers to each customer, both windows closed").containsEntry("examples", 480L).containsEntry("trigger", "Offer Sent");
        assertThat(((Number) offer.get("aucLogistic")).doubleValue()).isGreaterThan(0.8);
        assertThat(meanScore("loyal-", "propensities.offer14d")).isGreaterThan(meanScore("lapsed-", "propensities.offer14d") + 0.4);

        Map<String, Object> clusters = json("GET", "/api/predictions/clusters");
        assertThat(((Number) clusters.get("k")).intValue()).isBetween(2, 8);
        Map<String, Object> bundles = json("GET", "/api/predictions/bundles?product=P-1");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) bundles.get("rules");
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.get("consequent")).isEqualTo(List.of("C-1"));
            assertThat(((Number) rule.get("lift")).doubleValue()).isGreaterThan(1.5);
        });
        assertThat(json("GET", "/api/predictions/patterns")).containsKeys("population", "clusters");
        Map<String, Object> atRisk = json("GET", "/api/predictions/patterns?segment=at-risk");
        assertThat(((Number) atRisk.get("orders")).intValue()).as("the at-risk segment's orders, saved before the run").isPositive();
        assertThat((Map<String, Object>) atRisk.get("segmentPattern")).containsKeys("hours", "weekdays", "peakHour", "hourCramersV");
        assertThat(api("GET", "/api/predictions/patterns?segment=nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> forecasts = api("GET", "/api/predictions/forecasts");
        assertThat(forecasts.body()).contains("\"series\":\"total\"").contains("category:手机");
        Map<String, Object> total = json("GET", "/api/predictions/forecasts?series=total&metric=orders");
        assertThat((List<?>) total.get("mean")).hasSize(28);
        assertThat(api("GET", "/api/predictions/forecasts?series=nothing").statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/predictions/anomalies").statusCode()).isEqualTo(200);

        Map<String, Object> profile = json("GET", "/api/profiles/" + profileOf("loyal-0"));
        Map<String, Object> scores = (Map<String, Object>) ((Map<String, Object>) profile.get("attributes")).get("scores");
        assertThat(scores).containsKeys("churnRisk", "pAlive", "clv", "cluster", "clusterName", "recommended");
        Map<String, Object> lapsed = json("GET", "/api/predictions/profiles/" + profileOf("lapsed-1"));
        List<Map<String, Object>> drivers = (List<Map<String, Object>>) lapsed.get("churnDrivers");
        assertThat(drivers).as("why a lapsed customer is at risk").hasSize(3)
                .anySatisfy(driver -> {
                    assertThat(driver.get("feature")).isEqualTo("recencyDays");
                    assertThat(((Number) driver.get("effect")).doubleValue()).as("long since the last order raises the risk").isPositive();
                });
        List<String> recommended = (List<String>) scores.get("recommended");
        assertThat(recommended).isNotEmpty();
        List<String> bought = (List<String>) ((Map<String, Object>) profile.get("attributes")).get("favouriteProducts");
        assertThat(recommended).doesNotContainAnyElementsOf(bought);

        HttpResponse<String> preview = send("POST", "/api/segments/preview?sample=300", "{\"definition\":" + JsonText.of("churnRisk > 0.5") + "}",
                "Bearer " + TOKEN);
        Map<String, Object> evaluation = (Map<String, Object>) JsonValues.parseObject(preview.body()).get("evaluation");
        assertThat(((Number) evaluation.get("size")).longValue()).as(preview.body()).isBetween(90L, 150L);
        Map<String, Object> search = json("GET", "/api/profiles?limit=5&sort=clv:desc&filter=" + encode("churnRisk>0.5"));
        assertThat(((Number) search.get("total")).longValue()).isEqualTo(((Number) evaluation.get("size")).longValue());
        List<Map<String, Object>> found = (List<Map<String, Object>>) search.get("profiles");
        double previous = Double.MAX_VALUE;
        for (Map<String, Object> one : found) {
            double clvOf = ((Number) ((Map<String, Object>) ((Map<String, Object>) one.get("attributes")).get("scores")).get("clv")).doubleValue();
            assertThat(clvOf).as("sorted by CLV, highest first").isLessThanOrEqualTo(previous);
            previous = clvOf;
        }
        Map<String, Object> compared = json("GET", "/api/predictions/compare?a=" + encode("churnRisk > 0.5") + "&b=" + encode("churnRisk <= 0.5"));
        List<Map<String, Object>> differences = (List<Map<String, Object>>) compared.get("differences");
        assertThat(differences.get(0).get("feature")).isIn("recencyDays", "churnRisk", "pAlive", "clv", "netRevenue", "averageOrderValue");
        assertThat(((Number) differences.get(0).get("adjustedP")).doubleValue()).isLessThan(0.001);
        assertThat(api("GET", "/api/predictions/compare?a=cluster:x&b=cluster:0").statusCode()).isEqualTo(400);

        long entered = 0;
        while (System.nanoTime() < deadline + 120_000_000_000L) {
            entered = eventLog.newest(new io.percept.eventlog.SourceName("percept-segments"), 1000).stream()
                    .filter(logged -> "Segment Entered".equals(logged.event().name()) && "at-risk".equals(logged.event().properties().get("segment")))
                    .count();
            if (entered >= 90) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(entered).as("profiles enter the segment over scores when the run scores them").isBetween(90L, 150L);

        Map<String, Object> before = json("GET", "/api/predictions/profiles/" + profileOf("lapsed-1"));
        predictions.loadLatest();
        assertThat(json("GET", "/api/predictions/profiles/" + profileOf("lapsed-1"))).as("the stored scores, read back as at a start")
                .isEqualTo(before);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private boolean eventsCaughtUp(long head) {
        return profiles.position() >= head && profiles.count() >= 240;
    }

    private long profileOf(String user) throws Exception {
        Map<String, Object> found = json("GET", "/api/profiles/by-identifier/user_id/" + user);
        return ((Number) found.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private double meanScore(String prefix, String field) throws Exception {
        double sum = 0;
        int n = 0;
        for (int c = prefix.startsWith("loyal") ? 0 : 1; c < 240; c += 2) {
            Map<String, Object> scores = json("GET", "/api/predictions/profiles/" + profileOf(prefix + c));
            String[] path = field.split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                scores = (Map<String, Object>) scores.get(path[i]);
            }
            sum += ((Number) scores.get(path[path.length - 1])).doubleValue();
            n++;
        }
        return sum / n;
    }
}
