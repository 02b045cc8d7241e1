package io.percept;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code percept serve --mode cluster} as users run it, twice: two whole Percept applications on a
 * real Kafka broker (in this JVM) and a real PostgreSQL, the Segment tracking API on both. Each
 * person's anonymous visit, login and orders are sent half to one instance and half to the other;
 * both instances must then answer every profile the same: one profile per person, with all their
 * identifiers, their orders and revenue; a segment saved through one is evaluated by the other.
 */
public class ClusterServeIT {

    public static final String TOKEN = "cluster-admin-token-0123456789";
    public static final String WRITE_KEY = "shop-write-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void twoInstancesServeOneCustomerBaseThroughTheTrackingApi() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            String topic = KafkaTestBroker.uniqueTopic("cluster-serve");
            try (ConfigurableApplicationContext a = start("a", topic, database); ConfigurableApplicationContext b = start("b", topic, database)) {
                HttpClient http = HttpClient.newHttpClient();
                String urlA = url(a);
                String urlB = url(b);
                int people = 120;
                Map<String, double[]> expected = new HashMap<>();
                List<Map<String, Object>> toA = new ArrayList<>();
                List<Map<String, Object>> toB = new ArrayList<>();
                Instant at = Instant.parse("2026-10-01T08:00:00Z");
                for (int p = 0; p < people; p++) {
                    String user = "u-" + p;
                    String anon = "anon-" + p;
                    // the visit and the login go to one instance, the orders to the other: the profile must join them
                    List<Map<String, Object>> first = p % 2 == 0 ? toA : toB;
                    List<Map<String, Object>> second = p % 2 == 0 ? toB : toA;
                    first.add(message("page", "m-p-" + p, at.plusSeconds(p), Map.of("anonymousId", anon, "name", "Home")));
                    first.add(message("identify", "m-i-" + p, at.plusSeconds(p + 60),
                            Map.of("anonymousId", anon, "userId", user, "traits", Map.of("email", "c" + p + "@example.com"))));
                    double revenue = 0;
                    for (int order = 0; order < p % 4; order++) {
                        double amount = 10 + p + order;
                        revenue += amount;
                        second.add(message("track", "m-o-" + p + "-" + order, at.plusSeconds(p + 120 + order),
                                Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", amount))));
                    }
                    expected.put(user, new double[] {p % 4, revenue});
                }
                assertThat(post(http, urlA + "v1/batch", Map.of("batch", toA)).statusCode()).isEqualTo(200);
                assertThat(post(http, urlB + "v1/batch", Map.of("batch", toB)).statusCode()).isEqualTo(200);

                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                for (Map.Entry<String, double[]> person : expected.entrySet()) {
                    Map<String, Object> onA = awaitProfile(http, urlA, person.getKey(), (int) person.getValue()[0], deadline);
                    Map<String, Object> onB = awaitProfile(http, urlB, person.getKey(), (int) person.getValue()[0], deadline);
                    assertThat(onB).as("both instances answer the same for " + person.getKey()).isEqualTo(onA);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> attributes = (Map<String, Object>) onA.get("attributes");
                    assertThat(((Number) attributes.get("revenue")).doubleValue()).isEqualTo(person.getValue()[1]);
                    assertThat(((Number) attributes.get("events")).intValue()).isEqualTo(2 + (int) person.getValue()[0]);
                    assertThat(onA.get("identifiers").toString()).contains("anon-" + person.getKey().substring(2)).contains("@example.com");
                }
                for (String url : List.of(urlA, urlB)) {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(health.body()).contains("\"status\":\"UP\"");
                }
                // a client's retry that reaches the other instance is appended twice and applied once
                Map<String, Object> retried = message("track", "m-retried", at.plusSeconds(9_000),
                        Map.of("userId", "u-1", "event", "Order Completed", "properties", Map.of("revenue", 5.0)));
                assertThat(post(http, urlA + "v1/batch", Map.of("batch", List.of(retried))).statusCode()).isEqualTo(200);
                assertThat(post(http, urlB + "v1/batch", Map.of("batch", List.of(retried))).statusCode()).isEqualTo(200);
                int ordersBefore = (int) expected.get("u-1")[0];
                awaitProfile(http, urlB, "u-1", ordersBefore + 1, System.nanoTime() + Duration.ofSeconds(60).toNanos());
                long storedEvents = 2L * people + (long) expected.values().stream().mapToDouble(value -> value[0]).sum() + 1;
                long deadlineAll = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                try (java.sql.Connection connection = database.connect(); java.sql.Statement statement = connection.createStatement()) {
                    long offsetsProcessed = 0;
                    while (System.nanoTime() < deadlineAll) {
                        // both copies were read once the positions passed every appended event
                        try (java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
                            rows.next();
                            offsetsProcessed = rows.getLong(1);
                        }
                        if (offsetsProcessed >= storedEvents) {
                            break;
                        }
                        Thread.sleep(100);
                    }
                    Thread.sleep(1_000);
                    try (java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM events WHERE message_id = 'm-retried'")) {
                        rows.next();
                        assertThat(rows.getLong(1)).as("the retried message stored once").isEqualTo(1);
                    }
                }
                Map<String, Object> afterRetry = awaitProfile(http, urlA, "u-1", ordersBefore + 1, System.nanoTime() + Duration.ofSeconds(30).toNanos());
                @SuppressWarnings("unchecked")
                Map<String, Object> retriedAttributes = (Map<String, Object>) afterRetry.get("attributes");
                assertThat(((Number) retriedAttributes.get("orders")).intValue()).isEqualTo(ordersBefore + 1);
                long dropped = a.getBean(io.percept.profile.ClusterProfiles.class).duplicatesDropped()
                        + b.getBean(io.percept.profile.ClusterProfiles.class).duplicatesDropped();
                assertThat(dropped).isEqualTo(1);
                expected.get("u-1")[0] += 1;
                expected.get("u-1")[1] += 5;

                // segments: saved through one instance, evaluated by the other on the same profiles
                long buyers = expected.values().stream().filter(value -> value[0] >= 2).count();
                HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(urlA + "api/segments/repeat-buyers"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"definition\":\"orders >= 2\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
                HttpResponse<String> evaluated = http.send(HttpRequest.newBuilder(URI.create(urlB + "api/segments/repeat-buyers/evaluate?sample=500"))
                        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(evaluated.statusCode()).as(evaluated.body()).isEqualTo(200);
                Map<String, Object> evaluation = JsonValues.parseObject(evaluated.body());
                assertThat(((Number) evaluation.get("size")).longValue()).isEqualTo(buyers);
                assertThat(((Number) evaluation.get("profiles")).longValue()).isEqualTo(people);
                HttpResponse<String> preview = http.send(HttpRequest.newBuilder(URI.create(urlA + "api/segments/preview"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"definition\":\"revenue > 100\"}")).build(), HttpResponse.BodyHandlers.ofString());
                long richer = expected.values().stream().filter(value -> value[1] > 100).count();
                @SuppressWarnings("unchecked")
                Map<String, Object> previewed = (Map<String, Object>) JsonValues.parseObject(preview.body()).get("evaluation");
                assertThat(((Number) previewed.get("size")).longValue()).isEqualTo(richer);
                HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(urlA + "api/segments/repeat-buyers"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(history.body()).as("the size B recorded is A's history too").contains("\"size\":" + buyers);

                // erasure through one instance; the other no longer knows the person
                HttpResponse<String> person = http.send(HttpRequest.newBuilder(URI.create(urlA + "api/profiles/by-identifier/user_id/u-7"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                long erasedId = ((Number) JsonValues.parseObject(person.body()).get("id")).longValue();
                // the live membership of repeat-buyers (u-7 has 3 orders) is written as a row and a Segment Entered event about them
                long membershipDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((count(database, "SELECT count(*) FROM segment_members WHERE profile_id = " + erasedId) == 0
                        || count(database, "SELECT count(*) FROM events WHERE name = 'Segment Entered' AND user_id = 'u-7'") == 0)
                        && System.nanoTime() < membershipDeadline) {
                    Thread.sleep(200);
                }
                assertThat(count(database, "SELECT count(*) FROM events WHERE name = 'Segment Entered' AND user_id = 'u-7'")).isEqualTo(1);
                HttpResponse<String> exported = http.send(HttpRequest.newBuilder(URI.create(urlB + "api/profiles/" + erasedId + "/export"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
                assertThat(exported.headers().firstValue("Content-Disposition")).hasValueSatisfying(value -> assertThat(value).contains("profile-" + erasedId));
                Map<String, Object> export = JsonValues.parseObject(exported.body());
                assertThat((List<?>) export.get("events")).as("the export holds the person's events").hasSize(2 + 7 % 4);
                assertThat(exported.body()).contains("c7@example.com", "anon-7", "Order Completed");
                assertThat((List<?>) export.get("aboutEvents")).as("the Segment Entered event about them").hasSize(1);
                assertThat(((Map<?, ?>) export.get("derived")).containsKey("segment_members")).as(exported.body()).isTrue();
                HttpRequest erase = HttpRequest.newBuilder(URI.create(urlB + "api/profiles/" + erasedId)).header("Authorization", "Bearer " + TOKEN)
                        .DELETE().build();
                assertThat(http.send(HttpRequest.newBuilder(URI.create(urlB + "api/profiles/" + erasedId)).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("erasure needs the admin token").isEqualTo(401);
                HttpResponse<String> erased = http.send(erase, HttpResponse.BodyHandlers.ofString());
                assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
                Map<String, Object> erasure = JsonValues.parseObject(erased.body());
                assertThat(((Number) erasure.get("identifiers")).intValue()).as(erased.body()).isEqualTo(3);
                assertThat(((Number) erasure.get("events")).intValue()).as(erased.body()).isEqualTo(2 + 7 % 4);
                assertThat(((Number) erasure.get("aboutEvents")).intValue()).as(erased.body()).isEqualTo(1);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(urlA + "api/profiles/by-identifier/user_id/u-7"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
                assertThat(http.send(erase, HttpResponse.BodyHandlers.ofString()).statusCode()).as("erased already").isEqualTo(404);
                assertThat(count(database, "SELECT count(*) FROM events WHERE user_id = 'u-7' OR anonymous_id = 'anon-7'"))
                        .as("their events and the events about them").isZero();
                assertThat(count(database, "SELECT count(*) FROM segment_members WHERE profile_id = " + erasedId)).isZero();

                HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create(urlA + "api/voc/topics"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(console.statusCode()).as("embedded-only APIs are not there in cluster mode").isEqualTo(404);
            }
        }
    }

    private static long count(PostgresTestDatabase database, String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = database.connect(); java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private ConfigurableApplicationContext start(String instance, String topic, PostgresTestDatabase database) {
        return start(dir, instance, topic, database);
    }

    /** A cluster-mode application on an ephemeral port: instance {@code instance} of the cluster on {@code topic} and {@code database}. */
    public static ConfigurableApplicationContext start(Path dir, String instance, String topic, PostgresTestDatabase database, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--percept.mode=cluster", "--server.port=0",
                "--percept.platform.data-dir=" + dir.resolve(instance), "--percept.platform.admin-token=" + TOKEN,
                "--percept.ingest.write-keys=shop:ecommerce:" + WRITE_KEY, "--percept.cluster.instance-id=" + instance,
                "--percept.cluster.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(), "--percept.cluster.kafka.topic=" + topic,
                "--percept.cluster.kafka.partitions=4", "--percept.cluster.postgres.url=" + database.url(), "--percept.cluster.postgres.user=postgres",
                "--percept.cluster.postgres.pool-size=6", "--percept.cluster.processors.batch-size=100"));
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(PerceptApplication.class).run(arguments.toArray(String[]::new));
    }

    public static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/";
    }

    static Map<String, Object> message(String type, String id, Instant at, Map<String, Object> fields) {
        Map<String, Object> message = new LinkedHashMap<>(fields);
        message.put("type", type);
        message.put("messageId", id);
        message.put("timestamp", at.toString());
        return message;
    }

    static HttpResponse<String> post(HttpClient http, String url, Object body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JsonValues.toJson(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The person's profile once it shows their orders, as JSON. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitProfile(HttpClient http, String url, String user, int orders, long deadline) throws Exception {
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "api/profiles/by-identifier/user_id/" + user))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                Map<String, Object> profile = JsonValues.parseObject(response.body());
                Map<String, Object> attributes = (Map<String, Object>) profile.get("attributes");
                boolean merged = profile.get("identifiers").toString().contains("anon-");
                if (merged && ((Number) attributes.get("events")).intValue() == 2 + orders) {
                    return profile;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the profile of " + user + " on " + url + " is not complete: " + last);
    }
}
