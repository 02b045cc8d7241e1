package io.percept.platform;

import static io.percept.testing.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.SourceName;
import io.percept.ingest.ImportJob;
import io.percept.ingest.ImportJobs;
import io.percept.profile.Profiles;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The retention job on a real server and DuckDB store, its clock moved 50 days on: the events of
 * the first day leave the log with their identity rows and texts, the access and identity audits
 * lose their old entries, a finished import job its folder; what is younger stays, profiles keep
 * their counts, timelines and lookups still read, and new events get new sequence numbers.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RetentionTests.Clocks.class)
class RetentionTests {

    private static final String KEY = "key-retention-000001";
    private static final String TOKEN = "retention-token-0001";
    private static final int CUSTOMERS = 20;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.platform.retention.events", () -> "40d");
        registry.add("percept.platform.retention.access-audit", () -> "30d");
        registry.add("percept.platform.retention.identity-audit", () -> "30d");
        registry.add("percept.platform.retention.imports", () -> "7d");
        registry.add("percept.platform.retention.first-run", () -> "1h");
    }

    /** A clock the test moves on. */
    static final class MovingClock extends Clock {

        volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @TestConfiguration
    static class Clocks {

        @Bean
        @Primary
        MovingClock movingClock() {
            return new MovingClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MovingClock clock;

    @Autowired
    RetentionJob retention;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventLog eventLog;

    @Autowired
    Profiles profiles;

    @Autowired
    ImportJobs imports;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @SuppressWarnings("unchecked")
    void oldRecordsGoYoungOnesStayAndEverythingStillReads() throws Exception {
        // day 0: each customer is seen anonymously, then identifies (a merge in the identity audit), and reviews
        List<String> first = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            first.add("{\"type\":\"page\",\"anonymousId\":\"anon-" + c + "\",\"name\":\"Home\"}");
            first.add("{\"type\":\"track\",\"userId\":\"old-" + c + "\",\"event\":\"Product Reviewed\",\"properties\":{\"review\":\"物流太慢了，客服态度也很差\"}}");
            first.add("{\"type\":\"identify\",\"userId\":\"old-" + c + "\",\"anonymousId\":\"anon-" + c + "\",\"traits\":{\"plan\":\"basic\"}}");
        }
        batch(first);
        long firstDay = eventLog.head();
        Path oldImport = importJob("old");
        jdbc.sql("INSERT INTO access_audit (happened_at, actor, action, target, detail) VALUES (?, 'admin', 'test-old', NULL, NULL)")
                .param(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        waitFor(() -> profiles.position() >= firstDay && rows("text_perceptions", "seq <= " + firstDay) == CUSTOMERS
                && rows("identity_audit", "true") >= CUSTOMERS, "day 0 processed, a merge per customer audited");
        assertThat(rows("event_identities", "seq <= " + firstDay)).isEqualTo(3L * CUSTOMERS);
        long oldest = eventLog.head();

        // day 50: the same customers come back, and a new import runs
        clock.offset = Duration.ofDays(50);
        List<String> later = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            later.add("{\"type\":\"track\",\"userId\":\"old-" + c + "\",\"event\":\"Product Reviewed\",\"properties\":{\"review\":\"这次很满意，质量很好\"}}");
            later.add("{\"type\":\"screen\",\"anonymousId\":\"phone-" + c + "\",\"name\":\"Home\"}");
            later.add("{\"type\":\"identify\",\"userId\":\"old-" + c + "\",\"anonymousId\":\"phone-" + c + "\"}");
        }
        batch(later);
        Path youngImport = importJob("young");
        long head = eventLog.head();
        jdbc.sql("INSERT INTO access_audit (happened_at, actor, action, target, detail) VALUES (?, 'admin', 'test-young', NULL, NULL)")
                .param(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        waitFor(() -> rows("processor_checkpoints", "position < " + head) == 0 && rows("text_perceptions", "seq > " + oldest) == CUSTOMERS
                && rows("identity_audit", "true") >= 2L * CUSTOMERS, "every processor past day 50, its merges audited");
        long oldEvents = rows("event_log", "seq <= " + oldest);
        long oldIdentities = rows("event_identities", "seq <= " + oldest);
        long youngEvents = rows("event_log", "seq > " + oldest);
        long youngIdentities = rows("event_identities", "seq > " + oldest);
        long youngMerges = rows("identity_audit", "happened_at >= ?", LocalDateTime.ofInstant(clock.instant().minus(Duration.ofDays(1)), ZoneOffset.UTC));
        Map<String, Object> before = api("/api/profiles/by-identifier/user_id/old-3");
        long id = ((Number) before.get("id")).longValue();
        Object counted = ((Map<String, Object>) before.get("attributes")).get("events");
        int timeline = ((List<?>) api("/api/profiles/" + id + "/events").get("events")).size();
        assertThat(oldEvents).as("day 0's events and the old import's").isEqualTo(3L * CUSTOMERS + 1);

        Map<String, Long> removed = retention.sweep();

        assertThat(removed).containsEntry("event_log", oldEvents).containsEntry("event_identities", oldIdentities)
                .containsEntry("text_perceptions", (long) CUSTOMERS).containsEntry("import_jobs", 1L);
        assertThat(removed.get("access_audit")).isGreaterThanOrEqualTo(1L);
        assertThat(removed.get("identity_audit")).isGreaterThanOrEqualTo(CUSTOMERS);
        assertThat(rows("event_log", "seq <= " + oldest)).isZero();
        assertThat(rows("event_log", "seq > " + oldest)).as("younger events stay").isEqualTo(youngEvents);
        assertThat(rows("event_identities", "seq <= " + oldest)).isZero();
        assertThat(rows("event_identities", "seq > " + oldest)).isEqualTo(youngIdentities);
        assertThat(rows("text_perceptions", "true")).as("day 50's reviews stay").isEqualTo(CUSTOMERS);
        assertThat(rows("text_topics", "seq <= " + oldest)).isZero();
        assertThat(rows("access_audit", "action = 'test-old'")).isZero();
        assertThat(rows("access_audit", "action = 'test-young'")).isOne();
        assertThat(rows("identity_audit", "true")).as("day 50's merges stay").isEqualTo(youngMerges).isGreaterThanOrEqualTo(CUSTOMERS);
        assertThat(oldImport).doesNotExist();
        assertThat(youngImport.resolve("rejects.jsonl")).exists();
        assertThat(imports.recent(10)).extracting(ImportJob::id).containsExactly(youngImport.getFileName().toString());

        // the profiles keep their counts, their timelines show what is left, and the log goes on with new numbers
        Map<String, Object> profile = api("/api/profiles/by-identifier/user_id/old-3");
        assertThat(((Map<String, Object>) profile.get("attributes")).get("events")).as("counted before the expiry").isEqualTo(counted);
        List<Map<String, Object>> events = (List<Map<String, Object>>) api("/api/profiles/" + id + "/events").get("events");
        assertThat(events).as("day 0's three events left the timeline").hasSize(timeline - 3).hasSize(3);
        assertThat(api("/api/profiles/by-identifier/anonymous_id/anon-3").get("id")).isEqualTo(profile.get("id"));
        batch(List.of("{\"type\":\"track\",\"userId\":\"old-3\",\"event\":\"Product Reviewed\",\"properties\":{\"review\":\"还不错\"}}"));
        assertThat(eventLog.head()).as("a new sequence number, none reused").isGreaterThan(head);
        long now = eventLog.head();
        waitFor(() -> profiles.position() >= now, "the new event processed");
        assertThat(((Map<String, Object>) api("/api/profiles/by-identifier/user_id/old-3").get("attributes")).get("events"))
                .isEqualTo(((Number) counted).longValue() + 1);

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/retention/run"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat((Map<String, Object>) JsonValues.parseObject(again.body()).get("removed")).as("a second sweep, through the API, finds nothing")
                .containsEntry("event_log", 0L).containsEntry("import_jobs", 0L).containsEntry("text_perceptions", 0L);
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("percept_retention_removed_total{application=\"percept\",data=\"event_log\"} " + oldEvents + ".0");
    }

    /** Imports one good and one bad row, waits for the job to end; its folder. */
    private Path importJob(String name) throws Exception {
        Path directory = imports.newJobDirectory();
        Path file = directory.resolve(name + ".jsonl");
        Files.writeString(file, "{\"type\":\"track\",\"userId\":\"imported-" + name + "\",\"event\":\"Imported\"}\n{\"type\":\"nonsense\"}\n",
                StandardCharsets.UTF_8);
        ImportJob job = imports.submit(directory, new SourceName("shop"), List.of(file), null, null);
        waitFor(() -> imports.find(job.id()).map(found -> found.state().name().equals("SUCCEEDED") || found.state().name().equals("FAILED"))
                .orElse(false), "import " + name);
        assertThat(directory.resolve("rejects.jsonl")).exists();
        return directory;
    }

    private long rows(String table, String condition, Object... params) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + condition).params(params).query(Long.class).single();
    }

    private Map<String, Object> api(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    private void batch(List<String> events) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", events) + "]}", StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

}
