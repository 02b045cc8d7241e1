package io.percept.profile;

import static io.percept.testing.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.ProcessorStatus;
import io.percept.eventlog.Processors;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Erasure is real (issue 11): one person with distinctive identifiers and words goes through every
 * part of Percept (profile, texts and surveys, orders and insight tables, a segment, a prediction
 * run, a rule with a webhook, an import with a rejected row), with 50 other customers; the export
 * must show everything the store holds about them; after {@code DELETE /api/profiles/{id}} a scan of
 * every table and view of the store (enumerated from {@code information_schema}, so tables added later
 * are covered), of every file of the data directory and, after compaction, of the raw bytes of the
 * database file finds none of their identifiers, name, words, profile id or event seqs, while the
 * other customers' rows are unchanged.
 */
class ErasureScanIT {

    private static final String KEY = "key-erasure-scan-001";
    private static final String TOKEN = "erasure-scan-token-01";

    /** Every string about the person contains this mark (lower-case), so a scan for it finds any of them. */
    private static final String MARK = "q7x";
    private static final String USER = "erz-user-q7x";
    private static final String ANONYMOUS = "erz-anon-q7x";
    private static final String EMAIL = "erz.q7x@example.com";
    private static final String NAME = "Zofia Q7xerzname";
    private static final String DEVICE = "erz-device-q7x";
    private static final String WORDS = "kettletokq7x";
    private static final String PHONE = "+8613900007771";
    private static final String PHONE_DIGITS = "13900007771";
    private static final int OTHERS = 50;

    // the server is started and stopped here (not by @SpringBootTest): it is stopped before compaction
    private int port;
    private EventLog eventLog;
    private Processors processors;
    private Profiles profiles;
    private EmbeddedStore store;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> webhooks = new CopyOnWriteArrayList<>();

    /** What a scan looks for: strings (any column, any file), the profile id and the event seqs. */
    record Needles(List<String> strings, long profileId, List<Long> seqs) {
    }

    /** Where a scan found the needles: {@code table.column} (or a file) and how many rows. */
    record Scan(int tables, int columns, int files, Map<String, Long> hits, Map<String, String> samples) {

        long total() {
            return hits.values().stream().mapToLong(Long::longValue).sum();
        }

        Map<String, Long> byTable() {
            Map<String, Long> tables = new TreeMap<>();
            hits.forEach((where, rows) -> tables.merge(where.substring(0, where.indexOf('.') < 0 ? where.length() : where.indexOf('.')), rows,
                    Math::max));
            return tables;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anErasedPersonIsNowhereInTheStoreTheFilesOrTheDatabaseBytesAndTheExportHeldAllOfIt() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                webhooks.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path data = TestServers.temporaryDirectory("percept-erasure-scan-");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PerceptApplication.class).run("--server.port=0",
                "--percept.platform.data-dir=" + data, "--percept.platform.admin-token=" + TOKEN, "--percept.ingest.write-keys=shop:web:" + KEY,
                "--percept.prediction.enabled=false", "--percept.segmentation.recompute-interval=0s");
        try {
            port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            eventLog = context.getBean(EventLog.class);
            processors = context.getBean(Processors.class);
            profiles = context.getBean(Profiles.class);
            store = context.getBean(EmbeddedStore.class);
            ok(api("POST", "/api/rules", """
                    id: unhappy-reviewer
                    when:
                      event:
                        name: Review Submitted
                        where:
                          - {property: properties.rating, op: "<=", value: 2}
                    actions:
                      - webhook: {url: "http://127.0.0.1:%d/hook", timeout: 2s, maxAttempts: 3}
                      - alert: {severity: high, title: "Unhappy reviewer"}
                    """.formatted(receiver.getAddress().getPort()), "application/yaml"));

            Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
            List<String> events = new ArrayList<>();
            for (int c = 0; c < OTHERS; c++) {
                String user = "other-" + c;
                events.add("{\"type\":\"identify\",\"userId\":\"" + user + "\",\"anonymousId\":\"other-anon-" + c + "\",\"traits\":{\"email\":\"other."
                        + c + "@example.com\",\"name\":\"Other Person " + c + "\"}}");
                orders(events, user, now, c, 10 + c % 7);
                if (c % 5 == 0) {
                    events.add(track(user, "Review Submitted", now.minus(3, ChronoUnit.DAYS),
                            "\"rating\":4,\"product_id\":\"C-1\",\"text\":\"Lovely tea, arrived quickly, number " + c + "\""));
                }
            }
            events.add("{\"type\":\"page\",\"anonymousId\":\"" + ANONYMOUS + "\",\"name\":\"Home\",\"context\":{\"device\":{\"id\":\"" + DEVICE
                    + "\",\"type\":\"mobile\"}},\"timestamp\":\"" + now.minus(320, ChronoUnit.DAYS) + "\"}");
            events.add("{\"type\":\"identify\",\"anonymousId\":\"" + ANONYMOUS + "\",\"userId\":\"" + USER + "\",\"timestamp\":\""
                    + now.minus(319, ChronoUnit.DAYS) + "\",\"traits\":{\"email\":\"" + EMAIL.toUpperCase(Locale.ROOT) + "\",\"phone\":\"139 0000 7771\","
                    + "\"name\":\"" + NAME + "\",\"address\":{\"city\":\"Q7xville\"}}}");
            orders(events, USER, now, 99, 12);
            // live, not history: rules skip events older than percept.rules.max-event-age
            events.add(track(USER, "Review Submitted", Instant.now(),
                    "\"rating\":1,\"product_id\":\"C-1\",\"text\":\"The kettle " + WORDS + " arrived broken and support never answered, awful\""));
            events.add(track(USER, "Survey Answered", now.minus(1, ChronoUnit.DAYS),
                    "\"nps\":2,\"survey\":\"post-purchase\",\"comment\":\"Terrible delivery, the " + WORDS + " box was crushed\""));
            events.add(track(USER, "Ticket Opened", now.minus(1, ChronoUnit.DAYS),
                    "\"ticket_id\":\"tkt-q7x-1\",\"status\":\"open\",\"text\":\"Where is my refund for " + WORDS + "?\""));
            batch(events);
            importRows(List.of(
                    "{\"type\":\"track\",\"userId\":\"" + USER + "\",\"event\":\"Catalog Browsed\",\"timestamp\":\"" + now.minus(5, ChronoUnit.DAYS) + "\"}",
                    "{\"type\":\"track\",\"userId\":\"other-1\",\"event\":\"Catalog Browsed\",\"timestamp\":\"" + now.minus(5, ChronoUnit.DAYS) + "\"}",
                    "{\"type\":\"identify\",\"userId\":\"" + USER + "\",\"traits\":{\"email\":\"" + EMAIL + "\"",
                    "{\"type\":\"identify\",\"userId\":\"other-2\",\"traits\":{\"email\":\"other.2@example.com\""));
            caughtUp();
            long id = ((Number) json("GET", "/api/profiles/by-identifier/user_id/" + USER).get("id")).longValue();
            // stored members are written by a full evaluation, which a new segment gets at once
            ok(api("PUT", "/api/segments/buyers", "{\"definition\":\"orders >= 1\"}", "application/json"));

            Map<String, Object> started = json("POST", "/api/predictions/runs");
            long run = ((Number) started.get("run")).longValue();
            waitFor(() -> {
                Map<String, Object> status = jsonQuietly("/api/predictions/status");
                return status != null && "succeeded".equals(status.get("status")) && ((Number) status.get("id")).longValue() >= run;
            }, "the prediction run succeeded", Duration.ofSeconds(180));
            waitFor(() -> !webhooks.isEmpty(), "the rule's webhook arrived", Duration.ofSeconds(30));
            waitFor(() -> count("SELECT count(*) FROM segment_members WHERE name = 'buyers' AND profile_id = " + id) == 1, "the person in the segment",
                    Duration.ofSeconds(30));
            caughtUp();
            assertThat(webhooks.get(0)).as("the webhook was about the person").contains(USER);

            Map<String, Object> export = json("GET", "/api/profiles/" + id + "/export");
            List<Long> seqs = Stream.concat(((List<Map<String, Object>>) export.get("events")).stream(),
                    ((List<Map<String, Object>>) export.get("aboutEvents")).stream()).map(event -> ((Number) event.get("seq")).longValue()).toList();
            Needles person = new Needles(List.of(MARK, PHONE, PHONE_DIGITS), id, seqs);
            Scan before = scanStore(person);
            System.out.printf(Locale.ROOT, "Erasure scan before erasure: the person is in %d tables: %s%n", before.byTable().size(), before.byTable());
            assertThat(before.byTable()).as("the scenario reaches the derived tables").containsKeys("event_log", "event_identities", "profiles",
                    "text_perceptions", "text_topics", "survey_responses", "segment_members", "profile_scores", "rule_deliveries", "rule_firings",
                    "activity_days", "customer_order_days", "order_buyers");
            AssertionError exportProblem = null;
            try {
                exportHoldsEverything(export, before, person);
            } catch (AssertionError e) {
                exportProblem = e;
            }
            Scan filesBefore = scanFiles(data, person, false);
            System.out.printf(Locale.ROOT, "Erasure scan before erasure: the person is in %d files: %s%n", filesBefore.hits().size(), filesBefore.hits());
            assertThat(filesBefore.hits()).as("the rejected import row").isNotEmpty();
            assertThat(((Map<String, Object>) export.get("files")).keySet()).as("every file about the person in the export")
                    .containsExactlyInAnyOrderElementsOf(filesBefore.hits().keySet());

            List<Needles> others = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                long other = ((Number) json("GET", "/api/profiles/by-identifier/user_id/other-" + c).get("id")).longValue();
                others.add(new Needles(List.of("other-" + c + "\"", "other." + c + "@"), other, List.of()));
            }
            List<Scan> othersBefore = new ArrayList<>();
            for (Needles other : others) {
                othersBefore.add(scanStore(other));
            }
            long eventsBefore = count("SELECT count(*) FROM event_log");

            HttpResponse<String> erased = api("DELETE", "/api/profiles/" + id, null, null);
            assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
            long erasedAt = System.nanoTime();
            Scan after = scanStore(person);
            while (after.total() > 0 && System.nanoTime() - erasedAt < 40_000_000_000L) {
                Thread.sleep(250);
                after = scanStore(person);
            }
            double seconds = (System.nanoTime() - erasedAt) / 1e9;
            System.out.printf(Locale.ROOT, "Erasure scan of the running store: %d tables and views, %d columns, %d hits after %.1f s: %s%n",
                    after.tables(), after.columns(), after.total(), seconds, after.hits());
            assertThat(after.hits()).as("the person left nothing in the store; found: " + after.samples()).isEmpty();
            caughtUp();
            for (int i = 0; i < others.size(); i++) {
                assertThat(scanStore(others.get(i)).hits()).as("other-" + i + " is intact").isEqualTo(othersBefore.get(i).hits());
            }
            assertThat(count("SELECT count(*) FROM event_log")).as("only the person's events went, the tombstone came")
                    .isEqualTo(eventsBefore - seqs.size() + 1);

            context.close();
            Scan files = scanFiles(data, person, false);
            System.out.printf(Locale.ROOT, "Erasure scan of the stopped data directory (database file excluded): %d files, %d hits: %s%n",
                    files.files(), files.total(), files.hits());
            assertThat(files.hits()).as("no file but the database holds the person").isEmpty();

            Scan uncompacted = scanFiles(data, person, true);
            System.out.printf(Locale.ROOT, "Erasure scan of the raw bytes before compaction: %d hits in %s (DuckDB leaves deleted rows' bytes)%n",
                    uncompacted.total(), uncompacted.hits().keySet());
            long[] sizes = EmbeddedStore.compact(data);
            Scan bytes = scanFiles(data, person, true);
            Scan compacted;
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(EmbeddedStore.DATABASE_FILE))) {
                compacted = scan(connection, person);
                for (int i = 0; i < others.size(); i++) {
                    assertThat(scan(connection, others.get(i)).hits()).as("other-" + i + " is intact after compaction")
                            .isEqualTo(othersBefore.get(i).hits());
                }
            }
            System.out.printf(Locale.ROOT, "Erasure scan after percept compact (%,d -> %,d bytes): %d tables and views, %d columns, %d files "
                    + "(raw bytes, the database file included), hits %d%n", sizes[0], sizes[1], compacted.tables(), compacted.columns(), bytes.files(),
                    compacted.total() + bytes.total());
            assertThat(compacted.hits()).as("found: " + compacted.samples()).isEmpty();
            assertThat(bytes.hits()).as("not a byte of the person in any file").isEmpty();
            if (exportProblem != null) {
                throw exportProblem;
            }
        } finally {
            context.close();
            receiver.stop(0);
        }
    }

    /** Every table the scan found the person in has its rows in the export: the events, and {@code derived.<table>} for the rest. */
    @SuppressWarnings("unchecked")
    private static void exportHoldsEverything(Map<String, Object> export, Scan scan, Needles person) {
        Map<String, Object> derived = (Map<String, Object>) export.getOrDefault("derived", Map.of());
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Long> table : scan.byTable().entrySet()) {
            String name = table.getKey();
            long rows = switch (name) {
                case "event_log", "event_identities" -> ((List<?>) export.get("events")).size() + ((List<?>) export.get("aboutEvents")).size();
                case "identity_audit" -> ((List<?>) export.get("identityAudit")).size();
                case "profiles", "profile_rfm" -> 1;
                default -> derived.get(name) instanceof List<?> list ? list.size() : 0;
            };
            if (rows < table.getValue()) {
                missing.add(name + " (" + table.getValue() + " rows, " + rows + " exported)");
            }
        }
        assertThat(missing).as("tables holding the person whose rows the export lacks").isEmpty();
        String text = JsonValues.toJson(export).toLowerCase(Locale.ROOT);
        for (String needle : person.strings()) {
            assertThat(text).contains(needle.toLowerCase(Locale.ROOT));
        }
    }

    private Scan scanStore(Needles needles) throws SQLException {
        try (Connection connection = store.dataSource().getConnection()) {
            return scan(connection, needles);
        }
    }

    /**
     * Scans every column of every table and view of the store: any column cast to text for the
     * strings (case-insensitive), JSON and text for the profile id as a {@code profile_id}, {@code
     * profileId} or {@code profile.id} value, integer columns named like a profile id for the id, and
     * {@code seq} columns for the person's event seqs.
     */
    static Scan scan(Connection connection, Needles needles) throws SQLException {
        Map<String, List<String[]>> columns = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                     + "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position")) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString(1), table -> new ArrayList<>()).add(new String[] {rows.getString(2), rows.getString(3)});
            }
        }
        Map<String, Long> hits = new TreeMap<>();
        Map<String, String> samples = new TreeMap<>();
        int scanned = 0;
        String id = Long.toString(needles.profileId());
        String idPattern = "(?i)\"(profile_?id|profileid)\"\\s*:\\s*\"?" + id + "\\b|\"profile\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*" + id + "\\b";
        String seqList = needles.seqs().stream().map(String::valueOf).collect(Collectors.joining(","));
        for (Map.Entry<String, List<String[]>> table : columns.entrySet()) {
            for (String[] column : table.getValue()) {
                scanned++;
                String name = column[0];
                String type = column[1].toUpperCase(Locale.ROOT);
                String quoted = "\"" + table.getKey() + "\"";
                String field = "\"" + name + "\"";
                List<String> conditions = new ArrayList<>();
                List<Object> parameters = new ArrayList<>();
                for (String needle : needles.strings()) {
                    conditions.add("contains(lower(CAST(" + field + " AS VARCHAR)), ?)");
                    parameters.add(needle.toLowerCase(Locale.ROOT));
                }
                boolean integer = type.equals("BIGINT") || type.equals("INTEGER") || type.equals("HUGEINT") || type.equals("UBIGINT");
                if (integer && name.toLowerCase(Locale.ROOT).matches("(.*_)?profile(_id)?")) {
                    conditions.add(field + " = " + id);
                }
                if (integer && name.equalsIgnoreCase("seq") && !seqList.isEmpty()) {
                    conditions.add(field + " IN (" + seqList + ")");
                }
                if (!integer) {
                    conditions.add("regexp_matches(CAST(" + field + " AS VARCHAR), ?)");
                    parameters.add(idPattern);
                }
                // the erasure's own record in the log names the profile id and nothing else
                String kept = table.getKey().equals("event_log") ? " AND NOT (source = 'percept' AND contains(payload::VARCHAR, '" + UnifyProcessor.ERASE
                        + "'))" : "";
                try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + quoted + " WHERE ("
                        + String.join(" OR ", conditions) + ")" + kept)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, parameters.get(i));
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            hits.put(table.getKey() + "." + name, rows.getLong(1));
                        }
                    }
                }
                if (hits.containsKey(table.getKey() + "." + name)) {
                    try (PreparedStatement statement = connection.prepareStatement("SELECT CAST(" + field + " AS VARCHAR) FROM " + quoted + " WHERE ("
                            + String.join(" OR ", conditions) + ")" + kept + " LIMIT 1")) {
                        for (int i = 0; i < parameters.size(); i++) {
                            statement.setObject(i + 1, parameters.get(i));
                        }
                        try (ResultSet rows = statement.executeQuery()) {
                            rows.next();
                            String sample = rows.getString(1);
                            samples.put(table.getKey() + "." + name, sample == null || sample.length() <= 400 ? sample : sample.substring(0, 400));
                        }
                    }
                }
            }
        }
        return new Scan(columns.size(), scanned, 0, hits, samples);
    }

    /** Scans the raw bytes of every file under {@code data} for the strings; the database file and its WAL only if {@code database}. */
    static Scan scanFiles(Path data, Needles needles, boolean database) throws Exception {
        Map<String, Long> hits = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).filter(file -> database || !file.getFileName().toString().startsWith(EmbeddedStore.DATABASE_FILE))
                    .toList();
        }
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            long found = needles.strings().stream().filter(needle -> text.contains(needle.toLowerCase(Locale.ROOT))).count();
            if (found > 0) {
                hits.put(data.relativize(file).toString(), found);
            }
        }
        return new Scan(0, 0, files.size(), hits, Map.of());
    }

    private void caughtUp() throws InterruptedException {
        waitFor(() -> {
            long head = eventLog.head();
            List<ProcessorStatus> statuses = processors.statuses();
            return !statuses.isEmpty() && statuses.stream().allMatch(status -> status.position() >= head) && profiles.position() >= head;
        }, "every processor caught up with the log", Duration.ofSeconds(120));
    }

    private static void orders(List<String> events, String user, Instant now, int seed, int every) {
        int n = 0;
        for (int day = 300 - seed % 20; day >= seed % 9; day -= every) {
            String products = n % 3 == 0 ? "{\"product_id\":\"P-1\",\"category\":\"phones\",\"price\":200,\"quantity\":1},"
                    + "{\"product_id\":\"C-1\",\"category\":\"cases\",\"price\":20,\"quantity\":1}"
                    : "{\"product_id\":\"C-" + (1 + (seed + n) % 6) + "\",\"category\":\"cases\",\"price\":" + (20 + n % 5) + ",\"quantity\":2}";
            events.add(track(user, "Order Completed", now.minus(day, ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS),
                    "\"order_id\":\"" + user + "-ord-" + n + "\",\"region\":\"华东\",\"products\":[" + products + "]"));
            n++;
        }
    }

    private static String track(String user, String event, Instant at, String properties) {
        return "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"" + event + "\",\"timestamp\":\"" + at + "\",\"properties\":{" + properties
                + "}}";
    }

    private void batch(List<String> events) throws Exception {
        for (int from = 0; from < events.size(); from += 500) {
            String body = "{\"batch\":[" + String.join(",", events.subList(from, Math.min(events.size(), from + 500))) + "]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    /** Imports JSON lines through the import API (broken lines end in the job's rejects file) and waits for the job. */
    private void importRows(List<String> lines) throws Exception {
        String boundary = "----percept" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nshop\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"people.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + String.join("\n", lines) + "\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/imports"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isBetween(200, 202);
        String job = String.valueOf(JsonValues.parseObject(submitted.body()).get("id"));
        waitFor(() -> {
            Map<String, Object> state = jsonQuietly("/api/imports/" + job);
            return state != null && ("SUCCEEDED".equals(state.get("state")) || "FAILED".equals(state.get("state")));
        }, "the import ended", Duration.ofSeconds(60));
        assertThat(json("GET", "/api/imports/" + job)).containsEntry("state", "SUCCEEDED");
    }

    private long count(String sql) {
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> api(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private Map<String, Object> json(String method, String path) throws Exception {
        HttpResponse<String> response = api(method, path, null, null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 202);
        return JsonValues.parseObject(response.body());
    }

    private Map<String, Object> jsonQuietly(String path) {
        try {
            HttpResponse<String> response = api("GET", path, null, null);
            return response.statusCode() == 200 ? JsonValues.parseObject(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

}
