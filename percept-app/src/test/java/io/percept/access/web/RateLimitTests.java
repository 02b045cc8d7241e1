package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rate limits over real HTTP, with small limits (burst 3, then one request every 4 s per
 * source on the tracking API, one a second per user (and the admin token) on the API and the console. Exceeding one is a 429
 * with {@code Retry-After} in whole seconds; other sources and users are unaffected; after the wait
 * the requests pass again; refusals are counted.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitTests {

    private static final String TOKEN = "rate-limit-token-000001";
    private static final String WEB_KEY = "web-key-rate-0001";
    private static final String APP_KEY = "app-key-rate-0001";
    private static final int BURST = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "web:web:" + WEB_KEY + ",app:app:" + APP_KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
        registry.add("percept.ingest.rate-limit.requests-per-second", () -> "0.25");
        registry.add("percept.ingest.rate-limit.burst", () -> Integer.toString(BURST));
        registry.add("percept.access.rate-limit.requests-per-second", () -> "1");
        registry.add("percept.access.rate-limit.burst", () -> Integer.toString(BURST));
        registry.add("percept.access.rate-limit.admin-token-requests-per-second", () -> "1");
        registry.add("percept.access.rate-limit.admin-token-burst", () -> Integer.toString(BURST));
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSourceBeyondItsLimitGets429WithRetryAfterOthersDoNotAndItRecovers() throws Exception {
        assertThat(track(APP_KEY, "warm-up").statusCode()).isEqualTo(200);
        int passed = 0;
        HttpResponse<String> refused;
        while ((refused = track(WEB_KEY, "w" + passed)).statusCode() == 200) {
            passed++;
        }
        assertThat(passed).as("the burst, and a request refilled meanwhile at most").isBetween(BURST, BURST + 1);
        assertThat(refused.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).as("whole seconds until the next token, rounded up").isBetween(1L, 4L);
        Map<String, Object> body = JsonValues.parseObject(refused.body());
        assertThat(body).containsEntry("success", false).containsEntry("code", "rate_limited").containsEntry("retryAfter", retryAfter);
        assertThat((String) body.get("message")).contains("'web'", "0.25 requests/s (burst 3)");
        HttpResponse<String> bodyKey = post("/v1/track", null, "{\"writeKey\":\"" + WEB_KEY + "\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"w-refused\"}");
        assertThat(bodyKey.statusCode()).as("the key in the body is the same source").isEqualTo(429);

        assertThat(track(APP_KEY, "a0").statusCode()).as("another source").isEqualTo(200);

        Thread.sleep(retryAfter * 1000 + 100);
        assertThat(track(WEB_KEY, "w-after").statusCode()).isEqualTo(200);

        Map<String, Object> stats = JsonValues.parseObject(admin("GET", "/api/sources/web/stats").body());
        assertThat(stats.get("rejectedByReason")).isEqualTo(Map.of("rate_limited", 2L));
        assertThat(stats).containsEntry("accepted", (long) passed + 1);
        assertThat(meters.find("percept.ingest.rejections").tag("source", "web").tag("reason", "rate_limited").counter().count()).isEqualTo(2.0);
        String events = admin("GET", "/api/sources/web/events?limit=10").body();
        assertThat(events).contains("\"w0\"", "\"w2\"", "w-after").doesNotContain("w-refused").doesNotContain("\"w" + passed + "\"");
    }

    @Test
    void aUserBeyondTheLimitGets429OnTheApiAndTheConsoleWhileOthersAndTheAdminTokenDoNot() throws Exception {
        ConsoleClient analyst = ConsoleClient.signedIn(port, "analyst", "analyst-percept-demo");
        ConsoleClient exec = ConsoleClient.signedIn(port, "exec", "exec-percept-demo");
        Thread.sleep(BURST * 1000 + 100);
        for (int i = 0; i < BURST; i++) {
            assertThat(analyst.get("/api/segments").statusCode()).isEqualTo(200);
        }
        double before = limited("api") + limited("console");
        HttpResponse<String> refused = analyst.get("/api/segments");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        Map<String, Object> problem = JsonValues.parseObject(refused.body());
        assertThat(problem).containsEntry("status", 429L).containsEntry("title", "Too Many Requests");
        assertThat((String) problem.get("detail")).contains("'analyst'", "retry after 1 s");
        HttpResponse<String> htmx = analyst.get("/console/segments", "HX-Request", "true");
        assertThat(htmx.statusCode()).as("a console call of the same user").isEqualTo(429);
        assertThat(htmx.headers().firstValue("Retry-After")).hasValue("1");

        assertThat(exec.get("/api/segments").statusCode()).as("another user").isEqualTo(200);
        assertThat(admin("GET", "/api/segments").statusCode()).as("the admin token").isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/segments")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("anonymous: 401, not limited").isEqualTo(401);
        assertThat(limited("api") + limited("console") - before).isEqualTo(2.0);

        Thread.sleep(1100);
        assertThat(analyst.get("/api/segments").statusCode()).isEqualTo(200);
    }

    @Test
    void theAdminTokenHasItsOwnBucket() throws Exception {
        Thread.sleep(BURST * 1000 + 100);
        int passed = 0;
        HttpResponse<String> answer;
        while ((answer = admin("GET", "/api/session")).statusCode() == 200) {
            passed++;
        }
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.body()).contains("'admin-token'");
        assertThat(passed).isBetween(BURST, BURST + 1);
        ConsoleClient admin = ConsoleClient.signedIn(port, "demo-admin", "demo-admin-percept-demo");
        assertThat(admin.get("/api/session").statusCode()).as("a signed-in admin is another caller").isEqualTo(200);
        Thread.sleep(1100);
    }

    private double limited(String area) {
        return meters.find("percept.access.rate.limited").tag("area", area).counter().count();
    }

    private HttpResponse<String> track(String key, String messageId) throws Exception {
        return post("/v1/track", key, "{\"userId\":\"u1\",\"event\":\"Product Viewed\",\"messageId\":\"" + messageId + "\"}");
    }

    private HttpResponse<String> post(String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
