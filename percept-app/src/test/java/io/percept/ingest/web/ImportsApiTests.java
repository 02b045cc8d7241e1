package io.percept.ingest.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Import jobs through the admin API: upload, poll, download the rejects, and the mistakes it refuses at once. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportsApiTests {

    private static final String TOKEN = "imports-api-token-123456";
    private static final String REVIEWS = """
            review_id,customer_id,product_id,order_id,rating,title,review_text,reviewed_at
            r1,c1,p1,o1,5,Great,Works well,2026-03-01T10:00:00Z
            r2,c2,p1,o2,two,Meh,Not sure,2026-03-02T10:00:00Z
            r3,c3,p2,o3,1,Broken,Stopped after a week,2026-03-03T10:00:00Z
            """;

    private static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        data = TestServers.temporaryDirectory("percept-imports-test-");
        registry.add("percept.platform.data-dir", data::toString);
        registry.add("percept.platform.admin-token", () -> TOKEN);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void source() throws Exception {
        http.send(HttpRequest.newBuilder(uri("/api/sources")).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"shop-reviews\",\"channel\":\"ecommerce\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsAnUploadedFileAsAJobAndKeepsItsRejects() throws Exception {
        HttpResponse<String> submitted = upload(Map.of("source", "shop-reviews", "mapping", "reviews"),
                List.of(new Part("files", "../../etc/reviews 2026.csv", REVIEWS)));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        Map<String, Object> job = JsonValues.parseObject(submitted.body());
        String id = (String) job.get("id");
        assertThat(submitted.headers().firstValue("Location")).contains("/api/imports/" + id);
        assertThat(job.get("files")).isEqualTo(List.of("001-reviews_2026.csv"));

        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("state")).isEqualTo("SUCCEEDED");
        Map<?, ?> report = (Map<?, ?>) done.get("report");
        assertThat(report.get("rows")).isEqualTo(3L);
        assertThat(report.get("accepted")).isEqualTo(2L);
        assertThat(report.get("rejected")).isEqualTo(1L);
        assertThat(done.get("rejects")).isEqualTo("/api/imports/" + id + "/rejects");

        String rejects = get("/api/imports/" + id + "/rejects").body();
        Map<String, Object> reject = JsonValues.parseObject(rejects.strip());
        assertThat(reject).containsEntry("line", 3L);
        assertThat((String) reject.get("error")).contains("'two' is not a number");

        String events = get("/api/sources/shop-reviews/events?limit=10").body();
        assertThat(events).contains("review-r1").contains("review-r3").doesNotContain("review-r2");
        assertThat(get("/api/imports").body()).contains(id);
        assertThat(Files.list(data.resolve("imports").resolve(id)).map(path -> path.getFileName().toString()))
                .as("the upload is deleted once imported; the rejects stay").containsExactly("rejects.jsonl");

        // the same upload again stores nothing new: message ids are deterministic
        String again = (String) JsonValues.parseObject(upload(Map.of("source", "shop-reviews", "mapping", "reviews"),
                List.of(new Part("files", "reviews.csv", REVIEWS))).body()).get("id");
        Map<?, ?> second = (Map<?, ?>) awaitEnd(again).get("report");
        assertThat(second.get("accepted")).isEqualTo(0L);
        assertThat(second.get("duplicates")).isEqualTo(2L);
    }

    @Test
    void acceptsAnUploadedMappingDocument() throws Exception {
        String mapping = """
                type: track
                event: Survey Answered
                user_id: who
                timestamp: {column: at, format: "yyyy-MM-dd HH:mm", zone: Asia/Shanghai}
                properties:
                  nps: {column: score, type: integer}
                """;
        HttpResponse<String> submitted = upload(Map.of("source", "shop-reviews"), List.of(new Part("mappingFile", "survey.yaml", mapping),
                new Part("files", "survey.csv", "who,score,at\nc1,9,2026-05-01 08:30\nc2,3,2026-05-01 09:00\n")));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        Map<String, Object> done = awaitEnd((String) JsonValues.parseObject(submitted.body()).get("id"));
        assertThat(((Map<?, ?>) done.get("report")).get("accepted")).isEqualTo(2L);
        assertThat(get("/api/sources/shop-reviews/events?limit=10").body()).contains("Survey Answered").contains("2026-05-01T00:30:00");
    }

    @Test
    void refusesMistakesBeforeQueueing() throws Exception {
        List<Part> file = List.of(new Part("files", "reviews.csv", REVIEWS));
        assertThat(upload(Map.of("source", "nobody", "mapping", "reviews"), file).body()).contains("no source named 'nobody'");
        HttpResponse<String> template = upload(Map.of("source", "shop-reviews", "mapping", "reveiws"), file);
        assertThat(template.statusCode()).isEqualTo(400);
        assertThat(template.body()).contains("not a template").contains("reviews");
        assertThat(upload(Map.of("source", "shop-reviews", "mapping", "reviews"), List.of()).body()).contains("attach at least one");
        HttpResponse<String> broken = upload(Map.of("source", "shop-reviews"),
                List.of(new Part("mappingFile", "m.yaml", "type: track\nevent: [unclosed\n"), file.get(0)));
        assertThat(broken.statusCode()).isEqualTo(400);
        HttpResponse<String> format = upload(Map.of("source", "shop-reviews", "mapping", "reviews"), List.of(new Part("files", "book.xlsx", "x")));
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(format.body()).contains("cannot tell the format");
        assertThat(get("/api/imports/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get("/api/imports/../../etc/rejects").statusCode()).isIn(400, 404);
        assertThat(http.send(HttpRequest.newBuilder(uri("/api/imports")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        try (var jobs = Files.list(data.resolve("imports"))) {
            assertThat(jobs.filter(dir -> !Files.exists(dir.resolve("rejects.jsonl"))).toList())
                    .as("refused uploads leave no files behind").allSatisfy(dir -> assertThat(Files.list(dir)).isEmpty());
        }
    }

    private Map<String, Object> awaitEnd(String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> job = JsonValues.parseObject(get("/api/imports/" + id).body());
            if (job.get("state").equals("SUCCEEDED") || job.get("state").equals("FAILED")) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("import " + id + " did not end in 30 s");
    }

    private record Part(String name, String filename, String content) {
    }

    private HttpResponse<String> upload(Map<String, String> fields, List<Part> parts) throws Exception {
        String boundary = "----percept" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue()
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"; filename=\"" + part.filename()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + part.content() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri("/api/imports")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
