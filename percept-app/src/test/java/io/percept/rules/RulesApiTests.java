package io.percept.rules;

import static io.percept.testing.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
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
 * path of the problem; versions, enabling, dry runs and statistics. The {@code tag} and {@code segment}
 * actions: a rule's tags reach the live profile without touching its other tags and traits, and a rule
 * puts a profile into a saved segment by hand (or takes it out), seen by the segments API and
 * announced with the usual membership events.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RulesApiTests {

    private static final String KEY = "key-rules-api-000001";
    private static final String TOKEN = "rules-api-token-0001";
    private static final SourceName SEGMENTS = new SourceName("percept-segments");

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
        send("track", json);
    }

    private void send(String call, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + call))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private void rule(String yaml) throws Exception {
        HttpResponse<String> created = api("POST", "/api/rules", yaml);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    /** The profile of a user id as the API shows it; empty until there is one. */
    private Map<String, Object> profile(String userId) {
        try {
            HttpResponse<String> profile = api("GET", "/api/profiles/by-identifier/user_id/" + userId, null);
            return profile.statusCode() == 200 ? JsonValues.parseObject(profile.body()) : Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    private Object traitOf(String userId, String trait) {
        return profile(userId).get("traits") instanceof Map<?, ?> traits ? traits.get(trait) : null;
    }

    @SuppressWarnings("unchecked")
    private List<Object> members(String segment) {
        try {
            return (List<Object>) JsonValues.parseObject(api("POST", "/api/segments/" + segment + "/evaluate?sample=100", null).body()).get("sample");
        } catch (Exception e) {
            return List.of();
        }
    }

    private boolean announced(String what, String segment, long profileId) {
        return eventLog.newest(SEGMENTS, 200).stream().anyMatch(logged -> what.equals(logged.event().name())
                && segment.equals(logged.event().properties().get("segment"))
                && Long.valueOf(profileId).equals(logged.event().properties().get("profile_id")));
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

    @Test
    @SuppressWarnings("unchecked")
    void rulesAddAndRemoveTagsKeepingTheOtherTagsAndTraits() throws Exception {
        rule("""
                id: tag-vip
                when: {event: {name: Vip Reached}}
                actions:
                  - tag: {add: [vip, "tier-${event.properties.tier}"]}
                """);
        rule("""
                id: tag-welcomed
                when: {event: {name: Welcome Done}}
                actions:
                  - tag: {add: 需回访, remove: new-customer}
                """);
        send("identify", "{\"userId\":\"tagged-1\",\"traits\":{\"plan\":\"pro\",\"tags\":[\"new-customer\"]}}");
        send("track", "{\"userId\":\"tagged-1\",\"event\":\"Vip Reached\",\"properties\":{\"tier\":\"gold\"}}");
        waitFor(() -> List.of("new-customer", "tier-gold", "vip").equals(traitOf("tagged-1", "tags")), "the rule's tags added to the client's");

        send("track", "{\"userId\":\"tagged-1\",\"event\":\"Welcome Done\"}");
        waitFor(() -> List.of("tier-gold", "vip", "需回访").equals(traitOf("tagged-1", "tags")), "new-customer removed, 需回访 added");
        Map<String, Object> profile = profile("tagged-1");
        assertThat((Map<String, Object>) profile.get("traits")).containsEntry("plan", "pro").containsEntry("tags", List.of("tier-gold", "vip", "需回访"));
        assertThat(((Map<String, Object>) profile.get("attributes")).get("events")).as("the rules' identify events are not the customer's")
                .isEqualTo(3L);

        send("track", "{\"userId\":\"tagged-1\",\"event\":\"Vip Reached\",\"properties\":{\"tier\":\"gold\"}}");
        Thread.sleep(700);
        assertThat(traitOf("tagged-1", "tags")).as("adding held tags again changes nothing").isEqualTo(List.of("tier-gold", "vip", "需回访"));

        Map<String, Object> vips = JsonValues.parseObject(api("POST", "/api/segments/preview?sample=10",
                "{\"definition\": \"tags contains \\\"VIP\\\" and not tags contains \\\"new-customer\\\"\"}").body());
        assertThat((List<Object>) ((Map<String, Object>) vips.get("evaluation")).get("sample")).as(String.valueOf(vips))
                .containsExactly(profile.get("id"));
    }

    @Test
    void rulesPutProfilesIntoASavedSegmentAndTakeThemOutAnnouncingTheChange() throws Exception {
        HttpResponse<String> saved = api("PUT", "/api/segments/big-spenders", "{\"definition\": \"orders >= 3\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        HttpResponse<String> unknown = api("POST", "/api/rules", "id: watch\nwhen: {event: {name: Watch Me}}\nactions: [{segment: {add: nobody-here}}]\n");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(unknown.body()).get("detail").toString())
                .startsWith("$.actions[0].segment.add: unknown segment 'nobody-here'");
        rule("id: watch\nwhen: {event: {name: Watch Me}}\nactions: [{segment: {add: big-spenders}}]\n");
        rule("id: unwatch\nwhen: {event: {name: Unwatch Me}}\nactions: [{segment: {remove: big-spenders}}]\n");
        rule("id: unset\nwhen: {event: {name: Reset Me}}\nactions: [{segment: {reset: big-spenders}}]\n");

        send("track", "{\"userId\":\"watched-1\",\"event\":\"Product Viewed\"}");
        for (int i = 0; i < 3; i++) {
            send("track", "{\"userId\":\"spender-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o" + i + "\",\"revenue\":100}}");
        }
        waitFor(() -> !profile("watched-1").isEmpty() && !profile("spender-1").isEmpty(), "both profiles");
        long watched = ((Number) profile("watched-1").get("id")).longValue();
        long spender = ((Number) profile("spender-1").get("id")).longValue();
        waitFor(() -> announced("Segment Entered", "big-spenders", spender), "the spender entered by the definition");
        assertThat(members("big-spenders")).containsExactly(spender);

        send("track", "{\"userId\":\"watched-1\",\"event\":\"Watch Me\"}");
        waitFor(() -> announced("Segment Entered", "big-spenders", watched), "Segment Entered for the profile added by hand");
        assertThat(members("big-spenders")).as("added although it has no orders").containsExactlyInAnyOrder(spender, watched);

        send("track", "{\"userId\":\"spender-1\",\"event\":\"Unwatch Me\"}");
        waitFor(() -> announced("Segment Exited", "big-spenders", spender), "Segment Exited for the matching profile removed by hand");
        assertThat(members("big-spenders")).as("removed although its orders match").containsExactly(watched);

        send("track", "{\"userId\":\"spender-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o9\",\"revenue\":100}}");
        Thread.sleep(700);
        assertThat(members("big-spenders")).as("a new order does not undo the removal").containsExactly(watched);
        send("track", "{\"userId\":\"spender-1\",\"event\":\"Watch Me\"}");
        waitFor(() -> members("big-spenders").contains(spender), "a later add undoes the removal");

        send("track", "{\"userId\":\"watched-1\",\"event\":\"Reset Me\"}");
        waitFor(() -> announced("Segment Exited", "big-spenders", watched), "a reset leaves the profile to the definition, which fails");
        assertThat(members("big-spenders")).containsExactly(spender);
    }

    @Test
    void aCrossingRuleFiresOnProfilesThatCrossAfterItWasSavedNotOnThoseAlreadyBeyond() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("track", "{\"userId\":\"beyond-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"b" + i + "\",\"revenue\":10}}");
        }
        for (int i = 0; i < 2; i++) {
            send("track", "{\"userId\":\"crosser-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"c" + i + "\",\"revenue\":10}}");
        }
        waitFor(() -> Long.valueOf(3).equals(((Map<?, ?>) profile("beyond-1").getOrDefault("attributes", Map.of())).get("orders"))
                && Long.valueOf(2).equals(((Map<?, ?>) profile("crosser-1").getOrDefault("attributes", Map.of())).get("orders")), "the orders");
        rule("id: third-order\nwhen: {crosses: {field: orders, above: 2.5}}\nactions: [{setTraits: {thirdOrder: true}}]\n");
        long beyond = ((Number) profile("beyond-1").get("id")).longValue();
        waitFor(() -> announced("Segment Entered", "crossing-orders-above-2_5", beyond), "the managed segment's first evaluation");

        send("track", "{\"userId\":\"crosser-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"c2\",\"revenue\":10}}");
        waitFor(() -> Boolean.TRUE.equals(traitOf("crosser-1", "thirdOrder")), "the crossing profile fired");
        Thread.sleep(500);
        assertThat(traitOf("beyond-1", "thirdOrder")).as("beyond already when the rule was saved").isNull();
    }
}
