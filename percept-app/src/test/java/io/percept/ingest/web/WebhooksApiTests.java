package io.percept.ingest.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.ingest.connectors.WebhookSpec;
import io.percept.platform.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Webhooks: a service desk and a social platform pushing their own JSON, mapped by JSONPath. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhooksApiTests {

    private static final String TOKEN = "webhooks-api-token-123456";
    private static final String SECRET = "desk-shared-secret-0123456789";

    /** A social platform's push: several comments in one delivery, times in epoch seconds. */
    private static final String SOCIAL = """
            records: $.data.comments[*]
            type: track
            event: Social Comment Posted
            channel: social
            anonymous_id: {template: "weibo:{$.user.id}"}
            message_id: {template: "weibo-comment-{$.id}"}
            timestamp: {column: $.created_at, format: epoch_seconds}
            properties:
              text: $.content
              likes: {column: $.stats.likes, type: integer}
              first_tag: $.tags[0]
            rules:
              - if: {column: $.deleted, equals: "true"}
                skip: a deleted comment
            """;

    /** A service desk's push: one ticket per delivery, signed like GitHub's webhooks. */
    private static final String DESK = """
            signature: {secret: "%s", header: X-Hub-Signature-256, prefix: "sha256="}
            template: tickets
            columns:
              ticket_id: ticket.id
              customer_id: ticket.requester.external_id
              created_at: ticket.created_at
              category: ticket.type
              status: ticket.status
              description: ticket.description
            """.formatted(SECRET);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String data = TestServers.temporaryDirectory("percept-webhooks-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.platform.admin-token", () -> TOKEN);
        registry.add("percept.ingest.write-keys", () -> "weibo:social:weibo-key-0001,desk:service:desk-key-0001,mute:social:mute-key-0001");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void configure() throws Exception {
        assertThat(admin("PUT", "/api/sources/weibo/webhook", SOCIAL).statusCode()).isEqualTo(200);
        assertThat(admin("PUT", "/api/sources/desk/webhook", DESK).statusCode()).isEqualTo(200);
    }

    @Test
    void mapsEachSelectedRecordToAnEventAndRecognisesRedeliveries() throws Exception {
        String delivery = """
                {"data": {"comments": [
                  {"id": 101, "user": {"id": "u9"}, "content": "电池续航太差了", "created_at": 1767225600,
                   "stats": {"likes": 12}, "tags": ["battery", "complaint"]},
                  {"id": 102, "user": {"id": "u7"}, "content": "spam", "created_at": 1767225660, "deleted": true},
                  {"id": 103, "user": {"id": "u8"}, "content": "love it", "created_at": 1767225720, "stats": {"likes": 0}}
                ]}}""";
        HttpResponse<String> first = deliver("/v1/webhooks/weibo?writeKey=weibo-key-0001", delivery, Map.of());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JsonValues.parseObject(first.body())).containsEntry("accepted", 2L).containsEntry("skipped", 1L);

        HttpResponse<String> again = deliver("/v1/webhooks/weibo", delivery, Map.of("Authorization", basic("weibo-key-0001")));
        assertThat(JsonValues.parseObject(again.body())).containsEntry("accepted", 0L).containsEntry("duplicates", 2L);

        List<?> events = (List<?>) JsonValues.parseObject("{\"e\":" + admin("GET", "/api/sources/weibo/events?limit=10", null).body() + "}")
                .get("e");
        assertThat(events).hasSize(2);
        Map<?, ?> oldest = (Map<?, ?>) ((Map<?, ?>) events.get(1)).get("event");
        assertThat(oldest.get("messageId")).isEqualTo("weibo-comment-101");
        assertThat(oldest.get("anonymousId")).isEqualTo("weibo:u9");
        assertThat(oldest.get("channel")).isEqualTo("social");
        assertThat((String) oldest.get("timestamp")).startsWith("2026-01-01T00:00:00");
        assertThat(oldest.get("properties")).isEqualTo(Map.of("text", "电池续航太差了", "likes", 12L, "first_tag", "battery"));
    }

    @Test
    void checksTheSignatureInsteadOfTheWriteKey() throws Exception {
        String ticket = """
                {"ticket": {"id": 5001, "type": "complaint", "status": "open", "created_at": "2026-02-03T04:05:06Z",
                 "description": "Refund never arrived", "requester": {"external_id": "cust-42"}}}""";
        String signature = "sha256=" + WebhookSpec.parse(DESK).signature().sign(ticket.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> signed = deliver("/v1/webhooks/desk", ticket, Map.of("X-Hub-Signature-256", signature));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        Map<?, ?> stored = (Map<?, ?>) ((Map<?, ?>) ((List<?>) JsonValues.parseObject("{\"e\":"
                + admin("GET", "/api/sources/desk/events?limit=1", null).body() + "}").get("e")).get(0)).get("event");
        assertThat(stored.get("messageId")).isEqualTo("ticket-5001");
        assertThat(stored.get("userId")).isEqualTo("cust-42");
        assertThat(((Map<?, ?>) stored.get("properties")).get("text")).isEqualTo("Refund never arrived");

        HttpResponse<String> tampered = deliver("/v1/webhooks/desk", ticket.replace("5001", "5002"), Map.of("X-Hub-Signature-256", signature));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("invalid_signature");
        HttpResponse<String> unsigned = deliver("/v1/webhooks/desk", ticket, Map.of("Authorization", basic("desk-key-0001")));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("missing_signature").contains("X-Hub-Signature-256");

        String shown = admin("GET", "/api/sources/desk/webhook", null).body();
        assertThat(shown).doesNotContain(SECRET).contains("X-Hub-Signature-256");
    }

    @Test
    void answersEveryMistakeWithItsReason() throws Exception {
        HttpResponse<String> invalid = deliver("/v1/webhooks/weibo?writeKey=weibo-key-0001",
                "{\"data\":{\"comments\":[{\"id\":1,\"user\":{\"id\":\"a\"},\"created_at\":1767225600,\"stats\":{\"likes\":\"many\"}}]}}", Map.of());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(invalid.body())).containsEntry("code", "invalid_event").containsEntry("index", 0L)
                .containsEntry("field", "properties.likes");
        assertThat(deliver("/v1/webhooks/weibo?writeKey=weibo-key-0001", "{\"data\":", Map.of()).body()).contains("invalid_json");
        assertThat(deliver("/v1/webhooks/weibo?writeKey=wrong-key-0000", "{}", Map.of()).statusCode()).isEqualTo(401);
        assertThat(deliver("/v1/webhooks/weibo", "{}", Map.of()).body()).contains("missing_write_key");
        assertThat(deliver("/v1/webhooks/mute?writeKey=mute-key-0001", "{}", Map.of()).body()).contains("has no webhook mapping");
        assertThat(deliver("/v1/webhooks/nobody", "{}", Map.of()).statusCode()).isEqualTo(404);
        assertThat(deliver("/v1/webhooks/weibo?writeKey=weibo-key-0001", "{\"data\":{}}", Map.of()).body()).contains("\"accepted\":0");

        HttpResponse<String> badDocument = admin("PUT", "/api/sources/mute/webhook", "records: $.[[[\nevent: X\nuser_id: a\n");
        assertThat(badDocument.statusCode()).isEqualTo(400);
        assertThat(badDocument.body()).contains("records");
        assertThat(admin("PUT", "/api/sources/mute/webhook", "event: X\nuser_id: $.a[?(\n").body()).contains("not a JSONPath");
        assertThat(admin("PUT", "/api/sources/mute/webhook", "signature: {secret: short}\nevent: X\nuser_id: a\n").body()).contains("16 characters");
        assertThat(admin("PUT", "/api/sources/nobody/webhook", "event: X\n").statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/api/sources/weibo/webhook", null).statusCode()).isEqualTo(204);
        assertThat(deliver("/v1/webhooks/weibo?writeKey=weibo-key-0001", "{}", Map.of()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> deliver(String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/yaml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
