package io.percept.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A write key writes to its own source and does nothing else: whatever a message claims (a
 * {@code source}, {@code context.source}, {@code integrations}, another source's {@code writeKey} in
 * the body or in the message), its events are stored under the source whose key authenticated the
 * request; it cannot post to another source's webhook, read or change anything of the API or open
 * the console; a disabled source's key and a key rotated away are refused.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WriteKeyScopeTests {

    private static final String TOKEN = "write-key-scope-token-01";
    private static final String KEY_A = "scope-key-a-000001";
    private static final String KEY_B = "scope-key-b-000001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop-a:web:" + KEY_A + ",shop-b:app:" + KEY_B);
        registry.add("percept.prediction.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eventsGoToTheKeysSourceWhateverTheBodyClaims() throws Exception {
        String claims = "\"source\":\"shop-b\",\"context\":{\"source\":\"shop-b\",\"library\":{\"name\":\"shop-b\"}},"
                + "\"integrations\":{\"shop-b\":true,\"All\":false},\"writeKey\":\"" + KEY_B + "\"";
        assertThat(post("/v1/batch", basic(KEY_A), "{\"writeKey\":\"" + KEY_B + "\",\"batch\":[{\"type\":\"track\",\"userId\":\"u1\","
                + "\"event\":\"Claimed\",\"messageId\":\"claim-1\"," + claims + "}]}").statusCode()).isEqualTo(200);
        assertThat(post("/v1/track", basic(KEY_A), "{\"userId\":\"u1\",\"event\":\"Claimed\",\"messageId\":\"claim-2\"," + claims + "}")
                .statusCode()).isEqualTo(200);
        assertThat(post("/v1/import", basic(KEY_A), "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\",\"messageId\":\"claim-3\"," + claims
                + "}],\"context\":{\"source\":\"shop-b\"}}").statusCode()).isEqualTo(200);

        List<Map<?, ?>> stored = events("shop-a");
        assertThat(stored.stream().map(event -> (Object) event.get("messageId")).toList()).containsExactlyInAnyOrder("claim-1", "claim-2", "claim-3");
        assertThat(stored).allSatisfy(event -> {
            assertThat(event.get("source")).isEqualTo("shop-a");
            assertThat(event.get("channel")).isEqualTo("web");
        });
        assertThat(events("shop-b")).as("nothing written to the source the body named")
                .noneSatisfy(event -> assertThat((String) event.get("messageId")).startsWith("claim-"));
    }

    @Test
    void aWriteKeyCannotReadOrChangeAnythingNorWriteToAnotherSourcesWebhook() throws Exception {
        assertThat(admin("PUT", "/api/sources/shop-b/webhook", "type: track\nevent: Pushed\nuser_id: $.user\n").statusCode()).isEqualTo(200);
        assertThat(post("/v1/webhooks/shop-b", basic(KEY_A), "{\"user\":\"u9\"}").body()).contains("invalid_write_key");
        assertThat(post("/v1/webhooks/shop-b?writeKey=" + KEY_A, null, "{\"user\":\"u9\"}").statusCode()).isEqualTo(401);
        assertThat(post("/v1/webhooks/shop-b", basic(KEY_B), "{\"user\":\"u9\"}").statusCode()).as("its own key").isEqualTo(200);

        List<String> answered = new ArrayList<>();
        for (String authorization : List.of(basic(KEY_A), "Bearer " + KEY_A)) {
            answered.add(send("GET", "/api/sources/shop-a/events", authorization, null).statusCode() + " read own events");
            answered.add(send("GET", "/api/sources/shop-a/stats", authorization, null).statusCode() + " read own stats");
            answered.add(send("PATCH", "/api/sources/shop-a", authorization, "{\"enabled\":false}").statusCode() + " disable");
            answered.add(send("POST", "/api/sources/shop-a/rotate-key", authorization, null).statusCode() + " rotate own key");
            answered.add(send("POST", "/api/sources", authorization, "{\"name\":\"shop-c\",\"channel\":\"web\"}").statusCode() + " create");
            answered.add(send("GET", "/api/profiles?limit=5", authorization, null).statusCode() + " read profiles");
            answered.add(send("GET", "/api/session", authorization, null).statusCode() + " session");
        }
        answered.add(send("GET", "/api/sources/shop-a/events?writeKey=" + KEY_A, null, null).statusCode() + " read with ?writeKey=");
        assertThat(answered).allSatisfy(answer -> assertThat(answer).startsWith("401 "));
        HttpResponse<String> console = send("GET", "/console", basic(KEY_A), null);
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(JsonValues.parseObject(admin("GET", "/api/sources/shop-a", null).body())).containsEntry("enabled", true);
        assertThat(admin("GET", "/api/sources/shop-c", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDisabledSourcesKeyAndAKeyRotatedAwayAreRefused() throws Exception {
        admin("POST", "/api/sources", "{\"name\":\"shop-d\",\"channel\":\"web\",\"writeKey\":\"scope-key-d-000001\"}");
        assertThat(post("/v1/track", basic("scope-key-d-000001"), "{\"userId\":\"u\",\"event\":\"E\"}").statusCode()).isEqualTo(200);
        assertThat(admin("PATCH", "/api/sources/shop-d", "{\"enabled\":false}").statusCode()).isEqualTo(200);
        assertThat(post("/v1/track", basic("scope-key-d-000001"), "{\"userId\":\"u\",\"event\":\"E\"}").body()).contains("source_disabled");
        assertThat(post("/v1/track", null, "{\"writeKey\":\"scope-key-d-000001\",\"userId\":\"u\",\"event\":\"E\"}").statusCode()).isEqualTo(403);
        admin("PATCH", "/api/sources/shop-d", "{\"enabled\":true}");

        String rotated = (String) JsonValues.parseObject(admin("POST", "/api/sources/shop-d/rotate-key", null).body()).get("writeKey");
        HttpResponse<String> old = post("/v1/track", basic("scope-key-d-000001"), "{\"userId\":\"u\",\"event\":\"E\"}");
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("invalid_write_key");
        assertThat(post("/v1/batch", null, "{\"writeKey\":\"scope-key-d-000001\",\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]}")
                .statusCode()).isEqualTo(401);
        assertThat(post("/v1/track", basic(rotated), "{\"userId\":\"u\",\"event\":\"E\"}").statusCode()).isEqualTo(200);
    }

    private List<Map<?, ?>> events(String source) throws Exception {
        HttpResponse<String> response = admin("GET", "/api/sources/" + source + "/events?limit=100", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<?, ?>> events = new ArrayList<>();
        for (Object entry : (List<?>) JsonValues.parseObject("{\"e\":" + response.body() + "}").get("e")) {
            events.add((Map<?, ?>) ((Map<?, ?>) entry).get("event"));
        }
        return events;
    }

    private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        return send("POST", path, authorization, json);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, "Bearer " + TOKEN, body);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
