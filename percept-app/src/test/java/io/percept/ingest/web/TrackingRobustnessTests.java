package io.percept.ingest.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.SourceName;
import io.percept.ingest.IngestCounters;
import io.percept.platform.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * More than 10,000 generated bad requests, of every kind a broken or hostile client sends, while
 * a well-behaved client keeps sending: each bad request gets its documented status and code with
 * a message, retained memory stays flat, and every good batch is stored.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackingRobustnessTests {

    private static final String KEY = "robust-key-000001";
    private static final String STEADY_KEY = "steady-key-000001";
    private static final int BAD_REQUESTS = 10_400;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String data = TestServers.temporaryDirectory("percept-robustness-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.ingest.write-keys", () -> "fuzzed:web:" + KEY + ",steady:app:" + STEADY_KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    IngestCounters counters;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A bad request and the answer docs/ingest.md promises for it. */
    private record Case(String kind, String path, Map<String, String> headers, byte[] body, int status, String code, String field) {
    }

    @Test
    void answersEveryBadRequestAsDocumentedAndKeepsServing() throws Exception {
        List<Function<Random, Case>> kinds = kinds();
        System.gc();
        long retainedBefore = retainedHeap();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peakRetained = new AtomicLong(retainedBefore);
        AtomicInteger steadyBatches = new AtomicInteger();
        List<String> steadyFailures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        Future<?> steady = pool.submit(() -> {
            int batch = 0;
            while (running.get()) {
                StringBuilder body = new StringBuilder("{\"batch\":[");
                for (int i = 0; i < 10; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u").append(i)
                            .append("\",\"messageId\":\"steady-").append(batch).append('-').append(i).append("\"}");
                }
                HttpResponse<String> response = send("/v1/batch", Map.of("Authorization", basic(STEADY_KEY), "Content-Type", "application/json"),
                        body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
                if (response.statusCode() != 200 || !response.body().contains("\"accepted\":10")) {
                    synchronized (steadyFailures) {
                        steadyFailures.add(response.statusCode() + " " + response.body());
                    }
                }
                steadyBatches.incrementAndGet();
                batch++;
                peakRetained.accumulateAndGet(retainedHeap(), Math::max);
            }
            return null;
        });
        Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> senders = new ArrayList<>();
        int workers = 4;
        for (int w = 0; w < workers; w++) {
            int first = w;
            senders.add(pool.submit(() -> {
                for (int i = first; i < BAD_REQUESTS; i += workers) {
                    Case bad = kinds.get(i % kinds.size()).apply(new Random(20261127L + i));
                    HttpResponse<String> response = send(bad.path(), bad.headers(), bad.body());
                    String problem = check(bad, response);
                    if (problem != null && wrong.size() < 20) {
                        wrong.add(problem);
                    }
                    answered.computeIfAbsent(bad.kind() + " -> " + bad.status() + " " + bad.code(), k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> sender : senders) {
            sender.get();
        }
        running.set(false);
        steady.get();
        pool.shutdown();
        System.gc();
        long retainedAfter = retainedHeap();

        System.out.printf("robustness: %d bad requests by kind:%n", BAD_REQUESTS);
        new TreeMap<>(answered).forEach((kind, count) -> System.out.printf("  %-70s %5d%n", kind, count.get()));
        System.out.printf("robustness: %d good batches meanwhile; heap retained after GC %d MB before, %d MB peak, %d MB after%n",
                steadyBatches.get(), retainedBefore >> 20, peakRetained.get() >> 20, retainedAfter >> 20);

        assertThat(wrong).as("requests answered otherwise than documented").isEmpty();
        assertThat(answered.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(BAD_REQUESTS);
        assertThat(steadyFailures).as("good batches refused while bad traffic ran").isEmpty();
        assertThat(steadyBatches.get()).isGreaterThan(10);
        assertThat(counters.stats(new SourceName("steady")).accepted()).isEqualTo(steadyBatches.get() * 10L);
        assertThat(counters.stats(new SourceName("fuzzed")).accepted()).as("nothing of a bad request is stored").isZero();
        assertThat(retainedAfter - retainedBefore).as("memory retained after the run").isLessThan(64L << 20);
        assertThat(peakRetained.get() - retainedBefore).as("memory retained at the worst moment").isLessThan(256L << 20);
    }

    /** Null when the response is the documented one, else what is wrong. */
    private static String check(Case bad, HttpResponse<String> response) {
        String head = bad.kind() + " (" + new String(bad.body(), 0, Math.min(bad.body().length, 80), StandardCharsets.ISO_8859_1) + "): ";
        if (response.statusCode() != bad.status()) {
            return head + "status " + response.statusCode() + " instead of " + bad.status() + ": " + response.body();
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return head + "not JSON: " + response.headers().firstValue("Content-Type");
        }
        Map<String, Object> body;
        try {
            body = JsonValues.parseObject(response.body());
        } catch (RuntimeException e) {
            return head + "unreadable answer " + response.body();
        }
        if (!bad.code().equals(body.get("code")) || !Boolean.FALSE.equals(body.get("success"))) {
            return head + "code " + body.get("code") + " instead of " + bad.code() + ": " + response.body();
        }
        if (!(body.get("message") instanceof String message) || message.length() < 10) {
            return head + "no clear message: " + response.body();
        }
        if (bad.field() != null && !bad.field().equals(body.get("field"))) {
            return head + "field " + body.get("field") + " instead of " + bad.field() + ": " + response.body();
        }
        return null;
    }

    private List<Function<Random, Case>> kinds() throws IOException {
        Map<String, String> json = Map.of("Authorization", basic(KEY), "Content-Type", "application/json");
        byte[] bomb = gzip(50);
        List<Function<Random, Case>> kinds = new ArrayList<>();
        // broken and truncated JSON
        kinds.add(random -> {
            byte[] valid = validBatch(random, 1 + random.nextInt(5));
            byte[] cut = java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            return new Case("truncated JSON", "/v1/batch", json, cut, 400, "invalid_json", null);
        });
        String[] broken = {"{\"batch\":[{'type':'track'}]}", "{\"batch\":[{\"type\":\"track\",}]}", "{\"batch\":[{\"type\" \"track\"}]}",
            "{\"batch\":[{type:\"track\"}]}", "{\"batch\":[{\"a\":1 2}]}", "{\"batch\":[NaN]}", "{\"batch\":[]}}", "{\"batch\":[/* c */]}",
            "{\"batch\":[{\"type\":\"track\"]]}", "nul", "{\"batch\":[{\"a\":\"\\x41\"}]}", "{\"batch\":[{\"a\":01}]}", "[", "\"batch\""};
        kinds.add(random -> new Case("broken JSON", "/v1/batch", json, bytes(broken[random.nextInt(broken.length)]), 400, "invalid_json", null));
        // wrong types
        String[][] wrongTypes = {
            {"{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":\"cheap\"}]}", "invalid_event", "properties"},
            {"{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"timestamp\":1767225600}]}", "invalid_event", "timestamp"},
            {"{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":42}]}", "invalid_event", "event"},
            {"{\"batch\":[{\"type\":\"track\",\"userId\":{\"id\":1},\"event\":\"E\"}]}", "invalid_event", "userId"},
            {"{\"batch\":[{\"type\":[\"track\"],\"userId\":\"u\",\"event\":\"E\"}]}", "invalid_event", "type"},
            {"{\"batch\":[{\"type\":\"identify\",\"userId\":\"u\",\"traits\":[1,2]}]}", "invalid_event", "traits"},
            {"{\"batch\":[{\"type\":\"page\",\"anonymousId\":\"a\",\"context\":true}]}", "invalid_event", "context"},
            {"{\"batch\":[{\"type\":\"fly\",\"userId\":\"u\"}]}", "invalid_event", "type"},
            {"{\"batch\":{\"type\":\"track\"}}", "invalid_request", "batch"},
            {"{\"batch\":[\"track\"]}", "invalid_event", null},
            {"{\"batch\":[],\"sentAt\":\"yesterday\"}", "invalid_request", null},
            {"{\"batch\":[],\"context\":\"web\"}", "invalid_request", "context"},
        };
        kinds.add(random -> {
            String[] wrong = wrongTypes[random.nextInt(wrongTypes.length)];
            return new Case("wrong type", "/v1/batch", json, bytes(wrong[0]), 400, wrong[1], wrong[2]);
        });
        // invalid UTF-8 inside a string
        byte[][] invalidUtf8 = {{(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x28, (byte) 0x8C},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        kinds.add(random -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(bytes("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Review "));
            body.writeBytes(invalidUtf8[random.nextInt(invalidUtf8.length)]);
            body.writeBytes(bytes("\"}]}"));
            return new Case("invalid UTF-8", "/v1/batch", json, body.toByteArray(), 400, "invalid_json", null);
        });
        // huge strings: one message over 32 KB, or a body over 500 KB
        kinds.add(random -> random.nextBoolean()
                ? new Case("message over 32 KB", "/v1/track", json, bytes("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"text\":\""
                        + "长".repeat(11_000 + random.nextInt(5000)) + "\"}}"), 400, "event_too_large", null)
                : new Case("body over 500 KB", "/v1/batch", json, bytes("{\"batch\":[{\"type\":\"page\",\"anonymousId\":\""
                        + "a".repeat(520_000 + random.nextInt(100_000)) + "\"}]}"), 413, "request_too_large", null));
        // deep nesting
        kinds.add(random -> {
            int depth = 70 + random.nextInt(2000);
            String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            return new Case("nesting " + (depth > 100 ? "over 100" : "65-100") + " deep", "/v1/batch", json,
                    bytes("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":" + nested + "}]}"), 400,
                    "invalid_json", null);
        });
        // oversize batch
        StringBuilder many = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 2501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"page\",\"anonymousId\":\"a\"}");
        }
        byte[] oversize = bytes(many.append("]}").toString());
        kinds.add(random -> new Case("2,501 messages", "/v1/batch", json, oversize, 400, "batch_too_large", null));
        // gzip bombs, broken gzip, unknown encodings
        Map<String, String> gzipped = Map.of("Authorization", basic(KEY), "Content-Type", "application/json", "Content-Encoding", "gzip");
        byte[] truncatedGzip;
        try {
            byte[] whole = gzipOf(validBatch(new Random(1), 3));
            truncatedGzip = java.util.Arrays.copyOf(whole, whole.length / 2);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        kinds.add(random -> switch (random.nextInt(4)) {
            case 0 -> new Case("gzip bomb (50 MB)", "/v1/batch", gzipped, bomb, 413, "request_too_large", null);
            case 1 -> new Case("not gzip", "/v1/batch", gzipped, validBatch(random, 2), 400, "invalid_compression", null);
            case 2 -> new Case("truncated gzip", "/v1/batch", gzipped, truncatedGzip, 400, "invalid_compression", null);
            default -> new Case("brotli", "/v1/batch", Map.of("Authorization", basic(KEY), "Content-Type", "application/json",
                    "Content-Encoding", "br"), validBatch(random, 1), 415, "unsupported_encoding", null);
        });
        // missing ids and required fields
        String[][] missing = {
            {"{\"batch\":[{\"type\":\"track\",\"event\":\"E\"}]}", "userId"},
            {"{\"batch\":[{\"type\":\"track\",\"userId\":\"\",\"anonymousId\":null,\"event\":\"E\"}]}", "userId"},
            {"{\"batch\":[{\"type\":\"track\",\"userId\":\"u\"}]}", "event"},
            {"{\"batch\":[{\"type\":\"alias\",\"userId\":\"u\"}]}", "previousId"},
            {"{\"batch\":[{\"type\":\"group\",\"userId\":\"u\"}]}", "groupId"},
            {"{\"batch\":[{\"userId\":\"u\",\"event\":\"E\"}]}", "type"},
        };
        kinds.add(random -> {
            String[] m = missing[random.nextInt(missing.length)];
            return new Case("missing " + m[1], "/v1/batch", json, bytes(m[0]), 400, "invalid_event", m[1]);
        });
        // bad or missing write keys
        kinds.add(random -> switch (random.nextInt(5)) {
            case 0 -> new Case("unknown write key", "/v1/batch", Map.of("Authorization", basic("nobody-" + random.nextInt(1_000_000)),
                    "Content-Type", "application/json"), validBatch(random, 1), 401, "invalid_write_key", null);
            case 1 -> new Case("no write key", "/v1/batch", Map.of("Content-Type", "application/json"), validBatch(random, 1), 401,
                    "missing_write_key", null);
            case 2 -> new Case("bearer instead of basic", "/v1/batch", Map.of("Authorization", "Bearer " + KEY, "Content-Type",
                    "application/json"), validBatch(random, 1), 401, "invalid_authorization", null);
            case 3 -> new Case("basic not base64", "/v1/batch", Map.of("Authorization", "Basic %%%" + random.nextInt(1000), "Content-Type",
                    "application/json"), validBatch(random, 1), 401, "invalid_authorization", null);
            default -> new Case("wrong key in body", "/v1/track", Map.of("Content-Type", "application/json"),
                    bytes("{\"writeKey\":\"wrong-" + random.nextInt(1000) + "\",\"userId\":\"u\",\"event\":\"E\"}"), 401, "invalid_write_key", null);
        });
        // wrong content types
        String[] types = {"application/xml", "text/html", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "image/png", "application/octet-stream"};
        kinds.add(random -> new Case("content type", "/v1/batch", Map.of("Authorization", basic(KEY), "Content-Type",
                types[random.nextInt(types.length)]), validBatch(random, 1), 415, "unsupported_media_type", null));
        return kinds;
    }

    /** A valid batch of the fuzzed source (only ever sent truncated, compressed wrongly or unauthenticated). */
    private static byte[] validBatch(Random random, int size) {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < size; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"c").append(random.nextInt(1000))
                    .append("\",\"properties\":{\"revenue\":").append(random.nextInt(10_000) / 100.0).append(",\"城市\":\"杭州\"}}");
        }
        return bytes(body.append("]}").toString());
    }

    private static byte[] gzip(int megabytes) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(bytes("{\"batch\":[{\"type\":\"page\",\"anonymousId\":\""));
            byte[] filler = new byte[1 << 20];
            java.util.Arrays.fill(filler, (byte) 'a');
            for (int i = 0; i < megabytes; i++) {
                gzip.write(filler);
            }
        }
        return compressed.toByteArray();
    }

    private static byte[] gzipOf(byte[] body) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(body);
        }
        return compressed.toByteArray();
    }

    private HttpResponse<String> send(String path, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new LinkedHashMap<>(headers).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Heap in use after the last collection of each pool: what the server holds on to. */
    private static long retainedHeap() {
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                retained += pool.getCollectionUsage().getUsed();
            }
        }
        return retained;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
