package io.percept.ingest.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
import io.percept.ingest.Sources;
import io.percept.platform.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Segment-compatible tracking API over HTTP on a real store. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackingApiTests {

    private static final String KEY = "key-web-shop-0001";
    private static final String OTHER_KEY = "key-disabled-0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String data = TestServers.temporaryDirectory("percept-tracking-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.ingest.write-keys", () -> "web-shop:web:" + KEY + ",closed:app:" + OTHER_KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    EventLog eventLog;

    @Autowired
    Sources sources;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String key, String contentType, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, KEY, "application/json", null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        return JsonValues.parseObject(response.body());
    }

    private List<Event> eventsWithIdPrefix(String prefix) {
        try (LogReader reader = eventLog.openReader()) {
            return reader.read(0, 100_000).stream().map(LoggedEvent::event)
                    .filter(event -> event.messageId().value().startsWith(prefix)).toList();
        }
    }

    @Test
    void everyEndpointStoresItsCallTypeWithAndWithoutTrailingSlash() throws Exception {
        String[][] calls = {
                {"/v1/track", "{\"userId\":\"u1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":99.5},\"messageId\":\"ep-1\"}"},
                {"/v1/identify/", "{\"userId\":\"u1\",\"traits\":{\"email\":\"u1@example.com\"},\"messageId\":\"ep-2\"}"},
                {"/v1/page", "{\"anonymousId\":\"a1\",\"name\":\"首页\",\"messageId\":\"ep-3\"}"},
                {"/v1/screen/", "{\"anonymousId\":\"a1\",\"name\":\"Cart\",\"messageId\":\"ep-4\"}"},
                {"/v1/group", "{\"userId\":\"u1\",\"groupId\":\"acme\",\"messageId\":\"ep-5\"}"},
                {"/v1/alias/", "{\"userId\":\"u1\",\"previousId\":\"a1\",\"messageId\":\"ep-6\"}"}};
        for (String[] call : calls) {
            HttpResponse<String> response = post(call[0], call[1]);
            assertThat(response.statusCode()).as(call[0] + " " + response.body()).isEqualTo(200);
            assertThat(json(response)).containsEntry("success", true).containsEntry("accepted", 1L);
        }

        List<Event> stored = eventsWithIdPrefix("ep-");
        assertThat(stored).extracting(Event::type).containsExactly(EventType.TRACK, EventType.IDENTIFY, EventType.PAGE, EventType.SCREEN,
                EventType.GROUP, EventType.ALIAS);
        assertThat(stored.get(0).properties().number("revenue")).hasValue(99.5);
        assertThat(stored.get(2).name()).isEqualTo("首页");
        assertThat(stored).extracting(Event::source).containsOnly(new SourceName("web-shop"));
        assertThat(stored).extracting(Event::channel).containsOnly(Channel.WEB);
    }

    @Test
    void batchAndImportAcceptSegmentsBodyWithKeyContextAndSentAt() throws Exception {
        String body = """
                {"batch":[{"type":"track","userId":"u2","event":"Cart Added","timestamp":"2026-11-27T08:00:00Z","messageId":"bt-1",
                           "context":{"ip":"203.0.113.7"}},
                          {"type":"page","anonymousId":"a2","timestamp":"2026-11-27T08:00:01Z","messageId":"bt-2"}],
                 "sentAt":"2026-11-27T08:00:02Z","context":{"library":{"name":"analytics-java"},"ip":"198.51.100.1"},
                 "writeKey":"%s","sequence":1}""".formatted(KEY);
        for (String path : List.of("/v1/import/", "/v1/batch")) {
            HttpResponse<String> response = post(path, null, "application/json", null,
                    body.replace("bt-", path.contains("import") ? "im-" : "ba-").getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response)).containsEntry("accepted", 2L);
        }

        Event first = eventsWithIdPrefix("im-").get(0);
        assertThat(first.context().string("ip")).hasValue("203.0.113.7");
        assertThat(first.context().object("library").string("name")).hasValue("analytics-java");
        assertThat(first.sentAt()).isEqualTo(Instant.parse("2026-11-27T08:00:02Z"));
        assertThat(first.timestamp()).isEqualTo(first.receivedAt().minusSeconds(2));
        assertThat(first.extra().has("writeKey")).isFalse();
        assertThat(eventsWithIdPrefix("ba-")).hasSize(2);
    }

    @Test
    void rejectsAnInvalidBatchWholeNamingTheMessageAndField() throws Exception {
        HttpResponse<String> response = post("/v1/batch",
                "{\"batch\":[{\"type\":\"page\",\"anonymousId\":\"a\",\"messageId\":\"rj-1\"},{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"rj-2\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("success", false).containsEntry("code", "invalid_event").containsEntry("index", 1L)
                .containsEntry("field", "event");
        assertThat((String) json(response).get("message")).startsWith("batch[1].event: is required");
        assertThat(eventsWithIdPrefix("rj-")).isEmpty();
    }

    @Test
    void acknowledgesDuplicatesWithoutStoringThemAgain() throws Exception {
        String message = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"dup-1\"}";

        HttpResponse<String> first = post("/v1/batch", "{\"batch\":[" + message + "," + message + "]}");
        HttpResponse<String> retry = post("/v1/track", message);

        assertThat(json(first)).containsEntry("accepted", 1L).containsEntry("duplicates", 1L);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry)).containsEntry("accepted", 0L).containsEntry("duplicates", 1L);
        assertThat(eventsWithIdPrefix("dup-")).hasSize(1);
    }

    @Test
    void authenticatesByBasicUserOrBodyKeyAndRefusesOthers() throws Exception {
        byte[] message = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(post("/v1/track", null, "application/json", null, message).statusCode()).isEqualTo(401);
        assertThat(json(post("/v1/track", "wrong-key-000", "application/json", null, message))).containsEntry("code", "invalid_write_key");
        assertThat(post("/v1/track", OTHER_KEY, "application/json", null, message).statusCode()).isEqualTo(200);
        sources.setEnabled(new SourceName("closed"), false);
        HttpResponse<String> disabled = post("/v1/track", OTHER_KEY, "application/json", null, message);
        sources.setEnabled(new SourceName("closed"), true);
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(json(disabled)).containsEntry("code", "source_disabled");
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/track"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofByteArray(message)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(json(bearer)).containsEntry("code", "invalid_authorization");
    }

    @Test
    void readsGzipDeflateAndBrowserTextBodies() throws Exception {
        byte[] batch = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Zipped\",\"messageId\":\"cz-1\"}]}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(batch);
        }
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(deflated)) {
            deflate.write(new String(batch, StandardCharsets.UTF_8).replace("cz-1", "cz-2").getBytes(StandardCharsets.UTF_8));
        }

        assertThat(post("/v1/batch", KEY, "application/json", "gzip", gzipped.toByteArray()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/batch", KEY, "application/json", "deflate", deflated.toByteArray()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/track", KEY, "text/plain;charset=UTF-8", null,
                "{\"userId\":\"u\",\"event\":\"Beacon\",\"messageId\":\"cz-3\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(eventsWithIdPrefix("cz-")).hasSize(3);

        assertThat(json(post("/v1/batch", KEY, "application/json", "gzip", batch))).containsEntry("code", "invalid_compression");
        assertThat(post("/v1/batch", KEY, "application/json", "br", batch).statusCode()).isEqualTo(415);
        assertThat(json(post("/v1/batch", KEY, "application/xml", null, batch))).containsEntry("code", "unsupported_media_type");
    }

    @Test
    void enforcesTheLimitsAndNamesThem() throws Exception {
        String big = "x".repeat(33 * 1024);
        HttpResponse<String> eventTooLarge = post("/v1/batch",
                "{\"batch\":[{\"type\":\"page\",\"anonymousId\":\"a\"},{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"" + big + "\"}}]}");
        StringBuilder many = new StringBuilder("{\"batch\":[");
        for (int i = 0; i <= 2500; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"page\",\"anonymousId\":\"a\"}");
        }
        HttpResponse<String> tooMany = post("/v1/batch", many.append("]}").toString());
        byte[] bomb;
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("{\"batch\":[{\"type\":\"page\",\"anonymousId\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) 'a');
            for (int i = 0; i < 20; i++) {
                gzip.write(spaces);
            }
        }
        bomb = compressed.toByteArray();
        HttpResponse<String> gzipBomb = post("/v1/batch", KEY, "application/json", "gzip", bomb);

        assertThat(eventTooLarge.statusCode()).isEqualTo(400);
        assertThat(json(eventTooLarge)).containsEntry("code", "event_too_large").containsEntry("index", 1L).containsEntry("limit", 32768L);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany)).containsEntry("code", "batch_too_large").containsEntry("limit", 2500L);
        assertThat(bomb.length).isLessThan(100_000);
        assertThat(gzipBomb.statusCode()).isEqualTo(413);
        assertThat(json(gzipBomb)).containsEntry("code", "request_too_large").containsEntry("limit", 512000L);
    }

    @Test
    void explainsMalformedJson() throws Exception {
        HttpResponse<String> truncated = post("/v1/batch", "{\"batch\":[{\"type\":\"page\"");
        HttpResponse<String> notAnObject = post("/v1/batch", "[1,2]");
        HttpResponse<String> noBatch = post("/v1/batch", "{\"events\":[]}");
        HttpResponse<String> empty = post("/v1/track", "");

        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat((String) json(truncated).get("message")).contains("line 1").doesNotContain("Source:");
        assertThat(json(notAnObject)).containsEntry("code", "invalid_json");
        assertThat(json(noBatch)).containsEntry("code", "invalid_request").containsEntry("field", "batch");
        assertThat(json(empty)).containsEntry("code", "invalid_json");
    }

    @Test
    void allowsBrowsersFromAnyOrigin() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://shop.example.cn")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type,authorization")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.cn");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
    }
}
