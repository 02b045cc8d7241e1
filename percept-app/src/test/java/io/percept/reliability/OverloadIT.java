package io.percept.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.PerceptApplication;
import io.percept.platform.EmbeddedStore;
import io.percept.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Far more tracking traffic than the server can take: {@value #CLIENTS} clients each send batches of
 * {@value #BATCH} events without pause for {@value #FLOOD_SECONDS} s, against a log that admits
 * {@value #MAX_PENDING} pending events and {@value #MAX_CONCURRENT} requests at once. Every answer is
 * 200 or 503 with {@code Retry-After} (no other status, no timeout), refusals come back quickly, the
 * requests in progress and the log's queue stay within their bounds, exactly the acknowledged events
 * are stored (each once), the health endpoint and the API answer during the flood, and once it stops the
 * server accepts again at once.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OverloadIT {

    private static final String TOKEN = "overload-admin-token-0123456789";
    private static final String KEY = "overload-key-000001";
    private static final int CLIENTS = 120;
    private static final int BATCH = 100;
    private static final int FLOOD_SECONDS = 10;
    private static final int MAX_PENDING = 4_000;
    private static final int MAX_CONCURRENT = 32;
    /** The client's timeout: an answer slower than this would be a timeout, which must never happen. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "flood:web:" + KEY);
        registry.add("percept.eventlog.max-pending-events", () -> MAX_PENDING);
        registry.add("percept.ingest.limits.max-concurrent-requests", () -> MAX_CONCURRENT);
        registry.add("percept.prediction.enabled", () -> false);
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedStore store;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void shedsLoadWithQuickRefusalsStoresExactlyTheAcknowledgedEventsAndRecovers() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicLong> refusalCodes = new ConcurrentHashMap<>();
        List<Long> refusalMillis = Collections.synchronizedList(new ArrayList<>());
        List<Long> acceptMillis = Collections.synchronizedList(new ArrayList<>());
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong peakInProgress = new AtomicLong();
        AtomicLong peakPending = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();

        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                int n = 0;
                while (flooding.get()) {
                    List<String> ids = new ArrayList<>(BATCH);
                    StringBuilder body = new StringBuilder("{\"batch\":[");
                    for (int i = 0; i < BATCH; i++) {
                        String id = "flood-" + client + "-" + n + "-" + i;
                        ids.add(id);
                        body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u")
                                .append(client).append("\",\"messageId\":\"").append(id).append("\",\"properties\":{\"product_id\":\"p")
                                .append(i).append("\",\"padding\":\"").append("x".repeat(200)).append("\"}}");
                    }
                    n++;
                    long started = System.nanoTime();
                    try {
                        Answer response = post(body.append("]}").toString());
                        long millis = (System.nanoTime() - started) / 1_000_000;
                        statuses.computeIfAbsent(response.status(), s -> new AtomicLong()).incrementAndGet();
                        if (response.status() == 200) {
                            acknowledged.addAll(ids);
                            acceptMillis.add(millis);
                        } else if (response.status() == 503 && response.retryAfter() != null) {
                            refusalMillis.add(millis);
                            String code = response.body().replaceAll(".*\"code\":\"([^\"]+)\".*", "$1");
                            refusalCodes.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
                        } else {
                            wrong.add(response.status() + " " + response.body());
                        }
                    } catch (IOException e) {
                        wrong.add("no answer: " + e);
                    }
                }
            }, "flood-" + c);
            clients.add(thread);
        }
        // reads during the flood: the health endpoint and an admin API read
        List<Long> readMillis = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (flooding.get()) {
                for (String path : List.of("/actuator/health", "/api/sources")) {
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .timeout(CLIENT_TIMEOUT).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            wrong.add(path + " during the flood: " + response.statusCode() + " " + response.body());
                        }
                        readMillis.add((System.nanoTime() - started) / 1_000_000);
                    } catch (IOException e) {
                        wrong.add(path + " during the flood: no answer: " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                sample(peakInProgress, peakPending, peakHeap);
                sleep(100);
            }
        }, "flood-reader");

        long floodStarted = System.nanoTime();
        clients.forEach(Thread::start);
        reader.start();
        while (System.nanoTime() - floodStarted < Duration.ofSeconds(FLOOD_SECONDS).toNanos()) {
            sample(peakInProgress, peakPending, peakHeap);
            Thread.sleep(20);
        }
        flooding.set(false);
        for (Thread client : clients) {
            client.join(CLIENT_TIMEOUT.toMillis() + 5_000);
        }
        reader.join(CLIENT_TIMEOUT.toMillis() + 5_000);
        double seconds = (System.nanoTime() - floodStarted) / 1e9;

        long[] refusals = sorted(refusalMillis);
        long[] reads = sorted(readMillis);
        long[] accepts = sorted(acceptMillis);
        long accepted = statuses.getOrDefault(200, new AtomicLong()).get();
        long refused = refusals.length;
        System.out.printf("overload test: %d clients x %d-event batches for %.1f s: %d batches accepted (%.0f events/s), %d refused (%.0f/s) %s;"
                        + " refusal latency p50 %d ms, p99 %d ms, max %d ms; acceptance latency p50 %d ms, p99 %d ms; reads during the flood"
                        + " p50 %d ms, max %d ms (%d); peak requests in progress %d, peak pending events %d, peak used heap %d MB%n",
                CLIENTS, BATCH, seconds, accepted, accepted * BATCH / seconds, refused, refused / seconds, new TreeMap<>(refusalCodes),
                percentile(refusals, 0.5), percentile(refusals, 0.99), percentile(refusals, 1), percentile(accepts, 0.5),
                percentile(accepts, 0.99), percentile(reads, 0.5), percentile(reads, 1), reads.length, peakInProgress.get(),
                peakPending.get(), peakHeap.get() >> 20);
        assertThat(wrong).as("every answer is 200 or 503 with Retry-After, every read answers 200").isEmpty();
        assertThat(statuses.keySet()).as("answers by status").containsOnly(200, 503);
        assertThat(refusalCodes.keySet()).as("refusal codes").isSubsetOf("overloaded");
        assertThat(refusalMillis.size()).as("the flood was more than the server takes: some requests were refused").isPositive();
        assertThat(acknowledged).as("and some were acknowledged").isNotEmpty();
        assertThat(refusals[refusals.length - 1]).as("the slowest refusal (ms), far below the client's timeout")
                .isLessThan(CLIENT_TIMEOUT.toMillis() / 2);
        assertThat(peakInProgress.get()).as("requests in progress stay within max-concurrent-requests").isLessThanOrEqualTo(MAX_CONCURRENT);
        // a request is counted before it is checked against the limit, so admissions racing each other add at most theirs
        assertThat(peakPending.get()).as("the log's queue stays within max-pending-events (plus the requests being admitted)")
                .isLessThanOrEqualTo(MAX_PENDING + (long) MAX_CONCURRENT * BATCH);
        assertThat(reads.length).as("reads answered during the flood").isGreaterThanOrEqualTo(2);
        assertThat(percentile(reads, 1)).as("the slowest read (ms) during the flood").isLessThan(CLIENT_TIMEOUT.toMillis() / 2);

        // recovers at once: the next batch is accepted and the server is healthy
        long recoveryStarted = System.nanoTime();
        Answer after = post("{\"batch\":[{\"type\":\"track\",\"event\":\"Calm\",\"userId\":\"u0\",\"messageId\":\"after-flood\"}]}");
        long recoveryMillis = (System.nanoTime() - recoveryStarted) / 1_000_000;
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        System.out.printf("overload test: first batch after the flood answered in %d ms%n", recoveryMillis);
        acknowledged.add("after-flood");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"status\":\"UP\"");

        Map<String, Integer> stored = new HashMap<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT message_id, count(*) FROM event_log WHERE source = 'flood' GROUP BY message_id")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getInt(2));
            }
        }
        assertThat(stored.keySet()).as("exactly the acknowledged events are stored").isEqualTo(acknowledged);
        assertThat(stored.values()).as("each once").containsOnly(1);
    }

    private void sample(AtomicLong peakInProgress, AtomicLong peakPending, AtomicLong peakHeap) {
        peakInProgress.accumulateAndGet((long) meters.get("percept.ingest.requests.in.progress").gauge().value(), Math::max);
        peakPending.accumulateAndGet((long) meters.get("percept.log.pending.events").gauge().value(), Math::max);
        peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    /** An answer: status, {@code Retry-After} (or null) and body. */
    private record Answer(int status, String retryAfter, String body) {
    }

    /**
     * Posts a batch with a blocking connection of this thread ({@link HttpURLConnection} keeps it alive between
     * calls): the JDK's {@link HttpClient} drives all its connections from one selector thread, which at a few
     * hundred concurrent requests measures the client rather than the server.
     */
    private Answer post(String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + "/v1/batch").toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout((int) CLIENT_TIMEOUT.toMillis());
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)));
        connection.setRequestProperty("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(bytes);
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Answer(status, connection.getHeaderField("Retry-After"), in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static long[] sorted(List<Long> values) {
        synchronized (values) {
            return values.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
