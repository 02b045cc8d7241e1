package io.percept.rules;

import static io.percept.testing.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.platform.Digests;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The local webhook inbox: a signed webhook needs no admin token, an unsigned or badly signed one
 * does and is kept with what its signature said; the example rules, loaded with their webhooks
 * pointed at the inbox, deliver to it signed.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookInboxTests {

    private static final String KEY = "key-rules-inbox-0001";
    private static final String TOKEN = "rules-inbox-token-01";
    private static final String SECRET = "inbox-secret-0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "devices:iot:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.rules.examples", () -> "true");
        registry.add("percept.rules.inbox.enabled", () -> "true");
        registry.add("percept.rules.inbox.secret", () -> SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    EventLog eventLog;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body, String signature, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .header("Percept-Rule", "by-hand").header("Percept-Idempotency-Key", "by-hand:" + body.hashCode())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("Percept-Signature", signature);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String signature(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + Digests.hmacSha256Hex(secret, (unixSeconds + ".").getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> inbox(String name) throws Exception {
        HttpResponse<String> listed = get("/api/rules/inbox/" + name, TOKEN);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return (List<Map<String, Object>>) JsonValues.parse(listed.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWebhookSignedWithTheInboxSecretNeedsNoTokenAnyOtherDoesAndIsKeptWithItsSignatureStatus() throws Exception {
        long now = Instant.now().getEpochSecond();
        String good = "{\"n\":1}";
        String bad = "{\"n\":2}";
        String missing = "{\"n\":3}";

        HttpResponse<String> signed = post("/api/rules/inbox/hand", good, signature(SECRET, now, good), null);
        HttpResponse<String> wrongSecret = post("/api/rules/inbox/hand", bad, signature("another-secret", now, bad), null);
        HttpResponse<String> wrongBody = post("/api/rules/inbox/hand", bad, signature(SECRET, now, good), null);
        HttpResponse<String> replayed = post("/api/rules/inbox/hand", good, signature(SECRET, now - 3600, good), null);
        HttpResponse<String> unsigned = post("/api/rules/inbox/hand", missing, null, null);
        HttpResponse<String> badWithToken = post("/api/rules/inbox/hand", bad, signature("another-secret", now, bad), TOKEN);
        HttpResponse<String> missingWithToken = post("/api/rules/inbox/hand", missing, null, TOKEN);

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
        assertThat(JsonValues.parseObject(signed.body())).containsEntry("signature", "verified");
        assertThat(List.of(wrongSecret.statusCode(), wrongBody.statusCode(), replayed.statusCode(), unsigned.statusCode()))
                .as("without the admin token, only a signature that verifies gets in").containsOnly(401);
        assertThat(JsonValues.parseObject(badWithToken.body())).containsEntry("signature", "invalid");
        assertThat(JsonValues.parseObject(missingWithToken.body())).containsEntry("signature", "missing");
        assertThat(get("/api/rules/inbox/hand", null).statusCode()).as("reading needs the token").isEqualTo(401);
        assertThat(get("/api/rules/inbox", null).statusCode()).isEqualTo(401);
        List<Map<String, Object>> kept = inbox("hand");
        assertThat(kept).extracting(received -> received.get("signature")).containsExactly("missing", "invalid", "verified");
        assertThat(kept.get(2)).containsEntry("body", Map.of("n", 1L)).containsEntry("ruleId", "by-hand")
                .containsEntry("idempotencyKey", "by-hand:" + good.hashCode()).containsKey("receivedAt");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExampleRuleDeliversItsSignedWebhookToTheInbox() throws Exception {
        HttpResponse<String> rule = get("/api/rules/iot-error-service-ticket", TOKEN);
        assertThat(rule.statusCode()).as("the examples are loaded").isEqualTo(200);
        assertThat(rule.body()).contains("http://localhost:" + port + "/api/rules/inbox/proactive-service");

        Instant now = Instant.now();
        // history: an order, then a cart 3 hours ago whose 2-hour absence window ran out an hour ago, which must not fire
        track("""
                {"userId":"owner-1","channel":"web","event":"Order Completed","timestamp":"%s","properties":{"order_id":"o-1","revenue":99}}"""
                .formatted(now.minusSeconds(5 * 3600)));
        track("""
                {"userId":"owner-1","channel":"web","event":"Product Added","timestamp":"%s","properties":{"product_id":"QH-PH-01"}}"""
                .formatted(now.minusSeconds(3 * 3600)));
        track("""
                {"userId":"owner-1","event":"Device Error","context":{"device":{"id":"QHD1-1"}},"properties":{"error_code":"E21","severity":4}}""");

        waitFor(() -> {
            try {
                return !inbox("proactive-service").isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the example's webhook reached the inbox");
        Map<String, Object> received = inbox("proactive-service").get(0);
        assertThat(received).containsEntry("signature", "verified").containsEntry("ruleId", "iot-error-service-ticket");
        assertThat((String) received.get("idempotencyKey")).startsWith("iot-error-service-ticket:");
        assertThat(((Map<String, Object>) ((Map<String, Object>) received.get("body")).get("event"))).containsEntry("userId", "owner-1");
        waitFor(() -> eventLog.newest(RulesProcessor.SOURCE, 10).stream().anyMatch(e -> "Service Ticket Opened".equals(e.event().name())),
                "the example's derived event");
        assertThat(inbox("crm")).as("the history's abandoned cart fired nothing").isEmpty();
    }

    private void track(String json) throws Exception {
        HttpRequest track = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/track"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(track, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

}
