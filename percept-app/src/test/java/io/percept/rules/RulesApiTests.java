package io.percept.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rules through their API against a real HTTP receiver: a rule's webhook arrives signed, its derived
 * event lands in the log, its alert is stored; a throttle holds; documents are validated with the
 * path of the problem; versions, enabling, dry runs and statistics.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RulesApiTests {

    private static final String KEY = "key-rules-api-000001";
    private static final String TOKEN = "rules-api-token-0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    EventLog eventLog;

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer receiver;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            bodies.add(body);
            signatures.add(exchange.getRequestHeaders().getFirst("Percept-Signature"));
            received.add(JsonValues.parseObject(body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", body != null && body.strip().startsWith("{") ? "application/json" : "application/yaml");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void track(String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/track"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRuleSendsASignedWebhookEmitsAnEventAndRaisesAnAlertOncePerThrottle() throws Exception {
        String rule = """
                id: big-cart
                name: Big cart
                when:
                  event:
                    name: Product Added
                    where:
                      - {property: properties.price, op: ">=", value: 1000}
                throttle: {max: 1, per: 24h}
                actions:
                  - webhook: {url: "%s", secret: "s3cret-key", timeout: 2s, maxAttempts: 3}
                  - emit: {event: Offer Issued, properties: {offer: BIG10, product: "${event.properties.product_id}"}}
                  - alert: {severity: high, title: "Big cart of ${event.properties.product_id}"}
                """.formatted(hook());
        HttpResponse<String> created = api("POST", "/api/rules", rule);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(JsonValues.parseObject(created.body())).containsEntry("version", 1L).containsEntry("enabled", true);

        track("{\"userId\":\"cart-1\",\"event\":\"Product Added\",\"properties\":{\"product_id\":\"QH-PH-01\",\"price\":4999}}");
        track("{\"userId\":\"cart-2\",\"event\":\"Product Added\",\"properties\":{\"product_id\":\"QH-AP-01\",\"price\":99}}");
        track("{\"userId\":\"cart-1\",\"event\":\"Product Added\",\"properties\":{\"product_id\":\"QH-PH-02\",\"price\":3999}}");
        waitFor(() -> !received.isEmpty(), "the webhook arrived");
        Thread.sleep(500);
        assertThat(received).as("one per profile and 24 h; the cheap cart does not fire").hasSize(1);
        Map<String, Object> payload = received.get(0);
        assertThat((Map<String, Object>) payload.get("rule")).containsEntry("id", "big-cart");
        assertThat(((Map<String, Object>) payload.get("event")).get("userId")).isEqualTo("cart-1");
        if (payload.get("profile") != null) {
            // the profiles may not have taken in the event yet when a rule without a condition fires
            assertThat((Map<String, Object>) payload.get("profile")).containsKeys("id", "identifiers", "traits", "orders", "location")
                    .doesNotContainKeys("rfm", "favouriteProducts");
        }
        String signature = signatures.get(0);
        assertThat(signature).as("signed").isNotNull();
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : signature.split(",")) {
            String[] pair = part.split("=", 2);
            parts.put(pair[0].strip(), pair[1].strip());
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((parts.get("t") + "." + bodies.get(0)).getBytes(StandardCharsets.UTF_8)));
        assertThat(parts.get("v1")).as("the HMAC-SHA256 of t.body").isEqualTo(expected);

        waitFor(() -> eventLog.newest(RulesProcessor.SOURCE, 10).stream().anyMatch(e -> "Offer Issued".equals(e.event().name())), "the derived event");
        LoggedEvent offer = eventLog.newest(RulesProcessor.SOURCE, 10).get(0);
        assertThat(offer.event().userId()).isEqualTo("cart-1");
        assertThat(offer.event().properties().get("product")).isEqualTo("QH-PH-01");
        List<?> alerts = (List<?>) JsonValues.parseObject("{\"a\":" + api("GET", "/api/rules/alerts", null).body() + "}").get("a");
        assertThat(alerts).hasSize(1);
        assertThat((Map<String, Object>) alerts.get(0)).containsEntry("title", "Big cart of QH-PH-01").containsEntry("severity", "high");

        Map<String, Object> stats = JsonValues.parseObject(api("GET", "/api/rules/big-cart/stats", null).body());
        assertThat(stats).containsEntry("firings", 1L);
        assertThat((Map<String, Object>) stats.get("sinceStart")).containsEntry("fired", 1L).as("the second big cart of cart-1")
                .containsEntry("throttled", 1L);

        Map<String, Object> dryRun = JsonValues.parseObject(api("POST", "/api/rules/big-cart/dry-run?days=1", null).body());
        assertThat(dryRun).as(String.valueOf(dryRun)).containsEntry("wouldFire", 1L).containsEntry("profiles", 1L);

        assertThat(api("POST", "/api/rules/big-cart/disable", null).statusCode()).isEqualTo(200);
        track("{\"userId\":\"cart-3\",\"event\":\"Product Added\",\"properties\":{\"product_id\":\"QH-PH-01\",\"price\":4999}}");
        Thread.sleep(700);
        assertThat(received).as("a disabled rule does not fire").hasSize(1);
        List<?> versions = (List<?>) JsonValues.parseObject("{\"v\":" + api("GET", "/api/rules/big-cart/versions", null).body() + "}").get("v");
        assertThat(versions.stream().map(v -> String.valueOf(((Map<?, ?>) v).get("change"))).toList()).containsExactly("created", "disabled");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRuleSetsTraitsOnTheProfileWithoutCountingAnEvent() throws Exception {
        HttpResponse<String> created = api("POST", "/api/rules", """
                id: bargain-hunter
                when: {event: {name: Coupon Used}}
                actions:
                  - setTraits: {bargainHunter: true, lastCoupon: "${event.properties.code}"}
                """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        track("{\"userId\":\"thrifty-1\",\"event\":\"Coupon Used\",\"properties\":{\"code\":\"SAVE5\"}}");
        waitFor(() -> {
            try {
                HttpResponse<String> profile = api("GET", "/api/profiles/by-identifier/user_id/thrifty-1", null);
                return profile.statusCode() == 200 && profile.body().contains("SAVE5");
            } catch (Exception e) {
                return false;
            }
        }, "the rule's traits on the profile");
        Map<String, Object> profile = JsonValues.parseObject(api("GET", "/api/profiles/by-identifier/user_id/thrifty-1", null).body());
        assertThat((Map<String, Object>) profile.get("traits")).containsEntry("bargainHunter", true).containsEntry("lastCoupon", "SAVE5");
        assertThat(((Map<String, Object>) profile.get("attributes")).get("events")).as("the rule's identify is not one of the customer's events")
                .isEqualTo(1L);

        // firings in consecutive batches of one shared transaction are each written once
        for (int i = 2; i <= 6; i++) {
            track("{\"userId\":\"thrifty-" + i + "\",\"event\":\"Coupon Used\",\"properties\":{\"code\":\"SAVE" + i + "\"}}");
        }
        waitFor(() -> {
            try {
                return Long.valueOf(6).equals(JsonValues.parseObject(api("GET", "/api/rules/bargain-hunter/stats", null).body()).get("firings"));
            } catch (Exception e) {
                return false;
            }
        }, "six stored firings");
        Thread.sleep(2 * RulesProcessor.COMMIT_INTERVAL_MILLIS + 100);
        assertThat(JsonValues.parseObject(api("GET", "/api/rules/bargain-hunter/stats", null).body())).containsEntry("firings", 6L);
    }

    @Test
    void documentsAreValidatedWithThePathOfTheProblem() throws Exception {
        HttpResponse<String> badOp = api("POST", "/api/rules", """
                {"id": "bad", "when": {"event": {"name": "X", "where": [{"property": "properties.a", "op": "~=", "value": 1}]}},
                 "actions": [{"emit": {"event": "Y"}}]}""");
        assertThat(badOp.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(badOp.body()).get("detail").toString()).startsWith("$.when.event.where[0].op");
        HttpResponse<String> badCondition = api("POST", "/api/rules", """
                {"id": "bad", "when": {"event": {"name": "X"}}, "if": "clv >", "actions": [{"emit": {"event": "Y"}}]}""");
        assertThat(badCondition.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(badCondition.body()).get("detail").toString()).startsWith("$.if");
        assertThat(api("POST", "/api/rules", "not: [valid").statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/rules/nothing", null).statusCode()).isEqualTo(404);
    }
}
