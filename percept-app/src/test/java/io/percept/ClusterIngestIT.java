package io.percept;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The other ways in, in cluster mode: a webhook mapping saved through one instance and delivered
 * to the other (its redelivery to the first instance stored once), and a file import uploaded to
 * one instance whose customers the other instance's profile API then shows.
 */
class ClusterIngestIT {

    private static final String COMMENTS = """
            records: $.data.comments[*]
            type: track
            event: Social Comment Posted
            channel: social
            user_id: $.user.id
            message_id: {template: "comment-{$.id}"}
            timestamp: {column: $.created_at, format: epoch_seconds}
            properties:
              text: $.content
            rules:
              - if: {column: $.deleted, equals: "true"}
                skip: a deleted comment
            """;

    private static final String DELIVERY = """
            {"data": {"comments": [
              {"id": 101, "user": {"id": "fan-1"}, "content": "电池续航太差了", "created_at": 1767225600},
              {"id": 102, "user": {"id": "fan-2"}, "content": "spam", "created_at": 1767225660, "deleted": true},
              {"id": 103, "user": {"id": "fan-3"}, "content": "love it", "created_at": 1767225720}
            ]}}""";

    private static final String REVIEWS = """
            review_id,customer_id,product_id,order_id,rating,title,review_text,reviewed_at
            r1,reviewer-1,p1,o1,5,Great,Works well,2026-03-01T10:00:00Z
            r2,reviewer-2,p1,o2,two,Meh,Not sure,2026-03-02T10:00:00Z
            r3,reviewer-3,p2,o3,1,Broken,Stopped after a week,2026-03-03T10:00:00Z
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void webhooksAndImportsReachTheWholeCluster() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            String topic = KafkaTestBroker.uniqueTopic("cluster-ingest");
            try (ConfigurableApplicationContext a = ClusterServeIT.start(dir, "a", topic, database);
                    ConfigurableApplicationContext b = ClusterServeIT.start(dir, "b", topic, database)) {
                String urlA = ClusterServeIT.url(a);
                String urlB = ClusterServeIT.url(b);
                HttpResponse<String> saved = admin("PUT", urlA + "api/sources/shop/webhook", "application/yaml", COMMENTS);
                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

                // the other instance learns the mapping with its sources (reloaded every 5 s)
                String hook = "v1/webhooks/shop?writeKey=" + ClusterServeIT.WRITE_KEY;
                HttpResponse<String> delivered = deliver(urlB + hook);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (delivered.statusCode() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    delivered = deliver(urlB + hook);
                }
                assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
                assertThat(JsonValues.parseObject(delivered.body())).containsEntry("accepted", 2L).containsEntry("skipped", 1L);
                assertThat(JsonValues.parseObject(deliver(urlB + hook).body())).as("a redelivery to the same instance")
                        .containsEntry("accepted", 0L).containsEntry("duplicates", 2L);
                assertThat(deliver(urlA + hook).statusCode()).as("a redelivery to the other instance is appended, then dropped by unify")
                        .isEqualTo(200);

                HttpResponse<String> submitted = upload(urlA, "shop", "reviews", "reviews.csv", REVIEWS);
                assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
                String job = (String) JsonValues.parseObject(submitted.body()).get("id");
                Map<String, Object> done = awaitImport(urlA, job);
                assertThat(done.get("state")).as(done.toString()).isEqualTo("SUCCEEDED");
                assertThat(((Map<?, ?>) done.get("report")).get("accepted")).isEqualTo(2L);

                for (String user : List.of("fan-1", "fan-3", "reviewer-1", "reviewer-3")) {
                    Map<String, Object> profile = awaitProfile(user.startsWith("fan") ? urlA : urlB, user);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> attributes = (Map<String, Object>) profile.get("attributes");
                    assertThat(((Number) attributes.get("events")).intValue()).as(user + "'s events, each stored once").isEqualTo(1);
                }
                assertThat(admin("GET", urlB + "api/profiles/by-identifier/user_id/fan-2", null, null).statusCode())
                        .as("the skipped comment made no profile").isEqualTo(404);
                assertThat(admin("GET", urlB + "api/profiles/by-identifier/user_id/reviewer-2", null, null).statusCode())
                        .as("the rejected row made no profile").isEqualTo(404);
                try (java.sql.Connection connection = database.connect(); java.sql.Statement statement = connection.createStatement();
                        java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM events WHERE message_id LIKE 'comment-%'")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("the comments stored once though delivered to both instances").isEqualTo(2);
                }
            }
        }
    }

    private HttpResponse<String> deliver(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DELIVERY)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String url, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ClusterServeIT.TOKEN);
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String url, String source, String mapping, String filename, String content) throws Exception {
        String boundary = "----percept" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : Map.of("source", source, "mapping", mapping).entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue()
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(url + "api/imports")).header("Authorization", "Bearer " + ClusterServeIT.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> awaitImport(String url, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = JsonValues.parseObject(admin("GET", url + "api/imports/" + id, null, null).body());
            if ("SUCCEEDED".equals(job.get("state")) || "FAILED".equals(job.get("state"))) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import " + id + " did not end in 60 s");
    }

    private Map<String, Object> awaitProfile(String url, String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = admin("GET", url + "api/profiles/by-identifier/user_id/" + user, null, null);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                return JsonValues.parseObject(response.body());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no profile of " + user + " on " + url + ": " + last);
    }
}
