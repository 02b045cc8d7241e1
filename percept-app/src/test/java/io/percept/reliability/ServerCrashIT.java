package io.percept.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.Event;
import io.percept.eventlog.persistence.EventCodec;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.JsonValues;
import io.percept.platform.StoreOptions;
import io.percept.testing.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server killed with SIGKILL at random moments while a client sends it events through
 * the tracking API and its log processors apply them, then started again on the same data
 * directory, {@value #DEFAULT_CYCLES} times (more with {@code -Dpercept.crash.cycles=N}; the full
 * run in docs/reliability.md uses 20). {@value #CLIENTS} clients send at once, each as Segment's
 * libraries do: a batch that got no 200 is sent again, with the same message ids, to the next server. Afterwards:
 * <ul>
 * <li>every message is in the log exactly once (acknowledged ones included: none lost, none twice,
 * retries included, which the server recognises by message id across restarts);</li>
 * <li>every customer's profile counters (events, orders, revenue) equal a recomputation from the
 * log;</li>
 * <li>the store opens and every stored event decodes, sequence numbers dense.</li>
 * </ul>
 */
class ServerCrashIT {

    private static final int DEFAULT_CYCLES = 5;
    private static final String TOKEN = "crash-admin-token-0123456789";
    private static final String WRITE_KEY = "crash-write-key-0123456789";
    private static final Pattern READY = Pattern.compile("ready in .* at (http://localhost:\\d+/)");
    private static final int USERS = 60;
    private static final int BATCH = 25;
    private static final int CLIENTS = 3;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyMessageSurvivesSigkillsOfTheServerExactlyOnceAndProfilesMatchTheLog() throws Exception {
        int cycles = Integer.getInteger("percept.crash.cycles", DEFAULT_CYCLES);
        long seed = Long.getLong("percept.crash.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Path data = dir.resolve("data");
        Map<String, Map<String, Object>> sent = new java.util.concurrent.ConcurrentHashMap<>();
        // each client keeps the batch it could not deliver and sends it again first, as Segment's libraries do
        List<List<Map<String, Object>>> pending = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            pending.add(new ArrayList<>());
        }
        java.util.concurrent.atomic.AtomicInteger acknowledgedBatches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refusedOrLost = new java.util.concurrent.atomic.AtomicInteger();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Process server = start(data, "server-" + cycle + ".log");
            String url = awaitReady(server, dir.resolve("server-" + cycle + ".log"));
            AtomicBoolean killed = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                int thisCycle = cycle;
                SplittableRandom own = random.split();
                Thread thread = new Thread(() -> {
                    int n = 0;
                    while (!killed.get()) {
                        List<Map<String, Object>> batch = pending.get(client);
                        if (batch.isEmpty()) {
                            batch.addAll(batch(thisCycle + "-" + client, n++, own));
                            batch.forEach(message -> sent.put((String) message.get("messageId"), message));
                        }
                        try {
                            if (send(url, batch)) {
                                acknowledgedBatches.incrementAndGet();
                                batch.clear();
                            } else {
                                refusedOrLost.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "crash-client-" + c);
                thread.start();
                clients.add(thread);
            }
            Thread.sleep(300 + random.nextInt(2_500));
            killed.set(true);
            server.destroyForcibly();
            for (Thread client : clients) {
                client.join();
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as("killed by SIGKILL in cycle %d (seed %d)", cycle, seed).isEqualTo(137);
        }

        // the last server: the client sends what it still holds, the processors catch up, then it stops cleanly
        Process server = start(data, "server-final.log");
        Map<String, Map<String, Object>> profiles = new HashMap<>();
        try {
            String url = awaitReady(server, dir.resolve("server-final.log"));
            for (List<Map<String, Object>> batch : pending) {
                if (!batch.isEmpty()) {
                    assertThat(send(url, batch)).as("a held batch is accepted").isTrue();
                }
            }
            awaitProcessorsCaughtUp(url);
            for (int u = 0; u < USERS; u++) {
                HttpResponse<String> profile = get(url + "api/profiles/by-identifier/user_id/crash-user-" + u);
                if (profile.statusCode() == 200) {
                    profiles.put("crash-user-" + u, JsonValues.parseObject(profile.body()));
                }
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the last server stops on SIGTERM").isTrue();
        }

        Map<String, long[]> recomputed = new HashMap<>();
        Map<String, Integer> stored = new HashMap<>();
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS); Connection connection = store.connect();
                Statement statement = connection.createStatement();
                ResultSet log = statement.executeQuery("SELECT seq, message_id, payload FROM event_log ORDER BY seq")) {
            long rows = 0;
            while (log.next()) {
                rows++;
                assertThat(log.getLong(1)).as("dense sequence numbers (seed %d)", seed).isEqualTo(rows);
                Event event = EventCodec.decode(log.getString(3));
                assertThat(event.messageId().value()).isEqualTo(log.getString(2));
                stored.merge(log.getString(2), 1, Integer::sum);
                if (event.userId() != null) {
                    long[] counters = recomputed.computeIfAbsent(event.userId(), user -> new long[3]);
                    counters[0]++;
                    if ("Order Completed".equals(event.name())) {
                        counters[1]++;
                        counters[2] += ((Number) event.properties().asMap().get("revenue")).longValue();
                    }
                }
            }
        }
        for (String id : sent.keySet()) {
            assertThat(stored.getOrDefault(id, 0)).as("message %s stored exactly once (seed %d)", id, seed).isEqualTo(1);
        }
        assertThat(stored.keySet()).as("nothing stored that was not sent").isEqualTo(sent.keySet());
        assertThat(profiles.keySet()).as("a profile for every customer with events").isEqualTo(recomputed.keySet());
        for (Map.Entry<String, long[]> person : recomputed.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) profiles.get(person.getKey()).get("attributes");
            long[] expected = person.getValue();
            assertThat(((Number) attributes.get("events")).longValue()).as("%s's events as in the log (seed %d)", person.getKey(), seed)
                    .isEqualTo(expected[0]);
            assertThat(((Number) attributes.getOrDefault("orders", 0)).longValue()).as("%s's orders (seed %d)", person.getKey(), seed)
                    .isEqualTo(expected[1]);
            assertThat(((Number) attributes.getOrDefault("revenue", 0)).doubleValue()).as("%s's revenue (seed %d)", person.getKey(), seed)
                    .isEqualTo((double) expected[2]);
        }
        System.out.printf("server crash test: %d kills, %d messages sent (%d batches acknowledged, %d sends refused or cut off and retried), "
                + "%d stored, 0 lost, 0 duplicated, %d profiles equal to the log, seed %d%n", cycles, sent.size(), acknowledgedBatches.get(),
                refusedOrLost.get(),
                stored.size(), recomputed.size(), seed);
    }

    @Test
    void anImportKilledMidwayIsReportedAndItsResubmissionStoresEachRowOnce() throws Exception {
        int rows = 40_000;
        StringBuilder csv = new StringBuilder("review_id,customer_id,product_id,order_id,rating,title,review_text,reviewed_at\n");
        for (int r = 0; r < rows; r++) {
            csv.append("r").append(r).append(",c").append(r % 500).append(",p").append(r % 40).append(",o").append(r).append(',')
                    .append(1 + r % 5).append(",Title ").append(r).append(",Text of review ").append(r).append(",2026-03-01T10:00:00Z\n");
        }
        Path data = dir.resolve("import-data");
        Process server = start(data, "import-1.log");
        String job;
        try {
            String url = awaitReady(server, dir.resolve("import-1.log"));
            job = submitImport(url, csv.toString());
            // killed once the job has stored some rows but not all
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                Map<String, Object> status = JsonValues.parseObject(get(url + "api/imports/" + job).body());
                assertThat(status.get("state")).as("the import is still running when killed: %s", status).isIn("QUEUED", "RUNNING");
                if (status.get("progress") instanceof Map<?, ?> progress && asLong(progress.get("accepted")) != null
                        && asLong(progress.get("accepted")) > 0) {
                    break;
                }
                assertThat(System.nanoTime()).as("the import started storing rows").isLessThan(deadline);
                Thread.sleep(5);
            }
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }

        server = start(data, "import-2.log");
        long duplicates;
        try {
            String url = awaitReady(server, dir.resolve("import-2.log"));
            Map<String, Object> interrupted = JsonValues.parseObject(get(url + "api/imports/" + job).body());
            assertThat(interrupted.get("state")).as("the killed job is reported").isEqualTo("FAILED");
            assertThat((String) interrupted.get("error")).contains("interrupted by a restart");
            String again = submitImport(url, csv.toString());
            Map<String, Object> done = awaitImport(url, again);
            assertThat(done.get("state")).as(done.toString()).isEqualTo("SUCCEEDED");
            Map<?, ?> report = (Map<?, ?>) done.get("report");
            assertThat(asLong(report.get("accepted")) + asLong(report.get("duplicates"))).as("every row accepted or known").isEqualTo(rows);
            duplicates = asLong(report.get("duplicates"));
            assertThat(duplicates).as("the rows stored before the kill are recognised").isPositive();
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS); Connection connection = store.connect();
                Statement statement = connection.createStatement();
                ResultSet counts = statement.executeQuery("SELECT count(*), count(DISTINCT message_id) FROM event_log")) {
            counts.next();
            assertThat(counts.getLong(1)).as("each row stored once").isEqualTo(rows);
            assertThat(counts.getLong(2)).isEqualTo(rows);
        }
        System.out.printf("import crash test: killed with %d of %d rows stored; the resubmission stored %d and recognised %d, %d rows stored once%n",
                duplicates, rows, rows - duplicates, duplicates, rows);
    }

    private String submitImport(String url, String csv) throws Exception {
        String boundary = "----percept" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nshop\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\nreviews\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"reviews.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(url + "api/imports")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return (String) JsonValues.parseObject(submitted.body()).get("id");
    }

    private Map<String, Object> awaitImport(String url, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = JsonValues.parseObject(get(url + "api/imports/" + id).body());
            if ("SUCCEEDED".equals(job.get("state")) || "FAILED".equals(job.get("state"))) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import " + id + " did not end in 180 s");
    }

    /** A batch of one cycle: identifies, orders with whole-number revenue, views and pages of random customers. */
    private static List<Map<String, Object>> batch(String client, int number, SplittableRandom random) {
        List<Map<String, Object>> batch = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            String user = "crash-user-" + random.nextInt(USERS);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("messageId", "crash-" + client + "-" + number + "-" + i);
            message.put("userId", user);
            message.put("timestamp", now.minusMillis(random.nextInt(60_000)).toString());
            int kind = random.nextInt(4);
            if (kind == 0) {
                message.put("type", "identify");
                message.put("anonymousId", "anon-" + user);
                message.put("traits", Map.of("email", user + "@example.com"));
            } else if (kind == 1) {
                message.put("type", "track");
                message.put("event", "Order Completed");
                message.put("properties", Map.of("revenue", 1 + random.nextInt(50)));
            } else if (kind == 2) {
                message.put("type", "track");
                message.put("event", "Product Viewed");
                message.put("properties", Map.of("product_id", "p-" + random.nextInt(20)));
            } else {
                message.put("type", "page");
                message.put("name", "Home");
            }
            batch.add(message);
        }
        return batch;
    }

    private Process start(Path data, String log) throws Exception {
        return ChildJvm.start(PerceptApplication.class, dir.resolve(log),
                List.of("-Dpercept.platform.admin-token=" + TOKEN, "-Dpercept.ingest.write-keys=shop:web:" + WRITE_KEY,
                        "-Dpercept.prediction.enabled=false"),
                "serve", "--port", "0", "--data-dir", data.toString());
    }

    static String awaitReady(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server runs (see %s)", log).isTrue();
            Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (ready.find()) {
                return ready.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not get ready in 120 s; see " + log);
    }

    /** Sends a batch; true when the server acknowledged it (200), false when it refused it or the connection broke. */
    private boolean send(String url, List<Map<String, Object>> batch) throws InterruptedException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "v1/batch")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", basic).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonValues.toJson(Map.of("batch", batch)))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).as("only overload or unavailability may refuse a valid batch: " + response.body()).isIn(429, 503);
                Thread.sleep(20);
                return false;
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until every log processor reports no lag. */
    private void awaitProcessorsCaughtUp(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = get(url + "actuator/health").body();
            Map<String, Object> health = JsonValues.parseObject(last);
            if (health.get("components") instanceof Map<?, ?> components && components.get("processors") instanceof Map<?, ?> processors
                    && "UP".equals(processors.get("status")) && processors.get("details") instanceof Map<?, ?> details && !details.isEmpty()
                    && details.values().stream().allMatch(detail -> detail instanceof Map<?, ?> d && Long.valueOf(0).equals(asLong(d.get("lagEvents"))))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the processors did not catch up in 120 s: " + last);
    }

    private static Long asLong(Object value) {
        return value instanceof Number number ? number.longValue() : null;
    }
}
