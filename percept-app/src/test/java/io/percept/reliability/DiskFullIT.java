package io.percept.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.percept.PerceptApplication;
import io.percept.eventlog.Event;
import io.percept.eventlog.persistence.EventCodec;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import io.percept.testing.ChildJvm;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up under a running server: with {@code prlimit} the server's file size limit
 * (RLIMIT_FSIZE; the JVM ignores SIGXFSZ, so writes beyond it fail with EFBIG as on a full disk) is
 * lowered to just above what its files hold, while a client keeps sending batches. Every answer is
 * 200 or 503 with {@code Retry-After} (never a 500), the server stays up and its health says DOWN;
 * once space is back (the limit lifted) appends are accepted again within seconds, without a restart.
 * Then the server is killed and restarted, the client sends the refused batches again and they are
 * accepted, the store opens, every event decodes and is stored once (those acknowledged after the
 * recovery too),
 * nothing is stored that was not acknowledged, no acknowledged event is missing, and health is UP.
 */
class DiskFullIT {

    private static final String TOKEN = "disk-admin-token-0123456789";
    private static final String WRITE_KEY = "disk-write-key-0123456789";
    private static final int BATCH = 100;
    /** Room left for the files to grow once the "disk" is nearly full. */
    private static final long HEADROOM = 2L << 20;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFullDiskIsAnswered503TheServerStaysUpAndTheStoreOpensIntactAfterARestart() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")) || Files.isExecutable(Path.of("/bin/prlimit")), "needs prlimit (util-linux)");
        Path data = dir.resolve("data");
        Set<String> acknowledged = new LinkedHashSet<>();
        List<List<String>> refused = new ArrayList<>();
        Map<String, Integer> answers = new TreeMap<>();
        int batches = 0;
        String healthWhileFull;
        int healthStatusWhileFull;
        int apiStatusWhileFull;
        int afterSpaceFreed;
        long recoveredAfterMillis;
        int healthAfterRecovery;
        Process server = start(data, "server-1.log");
        try {
            String url = awaitReady(server, "server-1.log");
            for (int b = 0; b < 10; b++) {
                List<String> ids = ids(batches++);
                assertThat(send(url, ids)).isEqualTo(200);
                acknowledged.addAll(ids);
            }
            long limit = largestGrowingFile(data, dir.resolve("server-1.log")) + HEADROOM;
            prlimit(server.pid(), limit + ":");
            int failures = 0;
            // a batch is about 200 KB: the files outgrow the limit within a few dozen batches
            for (int sent = 0; failures < 20 && sent < 300; sent++) {
                List<String> ids = ids(batches++);
                int status = send(url, ids);
                answers.merge(String.valueOf(status), 1, Integer::sum);
                if (status == 200) {
                    acknowledged.addAll(ids);
                } else {
                    refused.add(ids);
                    failures++;
                }
            }
            assertThat(server.isAlive()).as("the server survives the full disk").isTrue();
            HttpResponse<String> health = get(url + "actuator/health");
            healthStatusWhileFull = health.statusCode();
            healthWhileFull = health.body();
            apiStatusWhileFull = get(url + "api/sources").statusCode();

            prlimit(server.pid(), "unlimited:");
            // the log asks the store every 5 s whether it takes writes again: no restart needed
            long freed = System.nanoTime();
            afterSpaceFreed = 503;
            while (afterSpaceFreed != 200 && System.nanoTime() - freed < Duration.ofSeconds(30).toNanos()) {
                List<String> ids = ids(batches++);
                afterSpaceFreed = send(url, ids);
                if (afterSpaceFreed == 200) {
                    acknowledged.addAll(ids);
                } else {
                    refused.add(ids);
                    Thread.sleep(500);
                }
            }
            recoveredAfterMillis = (System.nanoTime() - freed) / 1_000_000;
            assertThat(afterSpaceFreed).as("appends accepted again once there is space, without a restart").isEqualTo(200);
            for (int b = 0; b < 10; b++) {
                List<String> ids = ids(batches++);
                assertThat(send(url, ids)).as("a batch after the recovery").isEqualTo(200);
                acknowledged.addAll(ids);
            }
            long recovering = System.nanoTime();
            healthAfterRecovery = get(url + "actuator/health").statusCode();
            while (healthAfterRecovery != 200 && System.nanoTime() - recovering < Duration.ofSeconds(60).toNanos()) {
                Thread.sleep(500);
                healthAfterRecovery = get(url + "actuator/health").statusCode();
            }
            assertThat(healthAfterRecovery).as("healthy again without a restart (processors caught up)").isEqualTo(200);
        } finally {
            // killed, not stopped: an acknowledgement must mean durable, whatever the server could still write at shutdown
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        System.out.printf("disk full test: answers once the disk was full %s; health while full: %d %s; GET /api/sources while full: %d;"
                + " appends accepted again %d ms after space was freed, without a restart; health then %d%n", answers, healthStatusWhileFull,
                healthWhileFull, apiStatusWhileFull, recoveredAfterMillis, healthAfterRecovery);
        assertThat(answers.keySet()).as("a full disk answers 200 (stored) or 503 (not stored), nothing else").isSubsetOf("200", "503");
        assertThat(healthStatusWhileFull).as("health while the store fails: %s", healthWhileFull).isEqualTo(503);
        assertThat(healthWhileFull).contains("\"status\":\"DOWN\"");

        String healthAfterRestart;
        Process again = start(data, "server-2.log");
        try {
            String url = awaitReady(again, "server-2.log");
            for (List<String> ids : refused) {
                assertThat(send(url, ids)).as("a refused batch sent again once there is space").isEqualTo(200);
                acknowledged.addAll(ids);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            HttpResponse<String> health = get(url + "actuator/health");
            while (health.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                health = get(url + "actuator/health");
            }
            healthAfterRestart = health.statusCode() + " " + health.body();
        } finally {
            again.destroy();
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).as("the restarted server stops on SIGTERM").isTrue();
        }

        Map<String, Integer> stored = new HashMap<>();
        long rows = 0;
        long previous = 0;
        long counted;
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS); Connection connection = store.connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet sum = statement.executeQuery("SELECT coalesce(sum(events), 0) FROM event_counts")) {
                sum.next();
                counted = sum.getLong(1);
            }
            ResultSet log = statement.executeQuery("SELECT seq, message_id, payload FROM event_log ORDER BY seq");
            while (log.next()) {
                rows++;
                assertThat(log.getLong(1)).as("sequence numbers increase").isGreaterThan(previous);
                previous = log.getLong(1);
                Event event = EventCodec.decode(log.getString(3));
                assertThat(event.messageId().value()).isEqualTo(log.getString(2));
                stored.merge(log.getString(2), 1, Integer::sum);
            }
        }
        assertThat(stored.values()).as("each event stored once").containsOnly(1);
        assertThat(counted).as("the event counts (a processor's state) agree with the log: no batch applied twice or lost").isEqualTo(rows);
        assertThat(acknowledged).as("nothing stored that was not acknowledged").containsAll(stored.keySet());
        assertThat(healthAfterRestart).as("healthy once the processors caught up after the restart").startsWith("200 ");
        Set<String> lost = new LinkedHashSet<>(acknowledged);
        lost.removeAll(stored.keySet());
        System.out.printf("disk full test: %d events acknowledged, %d batches refused while full and sent again after the restart, %d stored"
                + " once each, store opens, all decode; acknowledged but lost: %d%n", acknowledged.size(), refused.size(), rows, lost.size());
        assertThat(lost).as("every acknowledged event is stored").isEmpty();
    }

    /** As {@link ServerCrashIT#awaitReady}, given a second chance: on a loaded CI machine the first start can take over 2 minutes. */
    private String awaitReady(Process server, String log) throws Exception {
        try {
            return ServerCrashIT.awaitReady(server, dir.resolve(log));
        } catch (AssertionError slow) {
            return ServerCrashIT.awaitReady(server, dir.resolve(log));
        }
    }

    /** The largest file that grows as events arrive: the store's write-ahead log, or the server's own log. */
    private static long largestGrowingFile(Path data, Path serverLog) throws IOException {
        long largest = Files.size(serverLog);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (file.getFileName().toString().endsWith(".wal")) {
                    largest = Math.max(largest, Files.size(file));
                }
            }
        }
        return largest;
    }

    /** Sets the process's file size limit, {@code soft:hard} as prlimit takes it (an empty hard limit keeps it). */
    private static void prlimit(long pid, String limits) throws Exception {
        Process prlimit = new ProcessBuilder("prlimit", "--pid", String.valueOf(pid), "--fsize=" + limits).redirectErrorStream(true).start();
        String output = new String(prlimit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(prlimit.waitFor()).as("prlimit: %s", output).isZero();
    }

    private static List<String> ids(int batch) {
        List<String> ids = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            ids.add("disk-" + batch + "-" + i);
        }
        return ids;
    }

    /** The status of a batch of the given message ids, each event about 2 KB. */
    private int send(String url, List<String> ids) throws Exception {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"Telemetry Reported\",\"userId\":\"device-").append(i % 7)
                    .append("\",\"messageId\":\"").append(ids.get(i)).append("\",\"properties\":{\"text\":\"").append(noise(ids.get(i)))
                    .append("\"}}");
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "v1/batch")).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            assertThat(response.statusCode()).as("a batch the store cannot take: %s", response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
        return response.statusCode();
    }

    /** 2,000 characters that do not compress (the store compresses repeated text to almost nothing), the same for the same id. */
    private static String noise(String id) {
        SplittableRandom random = new SplittableRandom(id.hashCode());
        StringBuilder text = new StringBuilder(2_000);
        for (int i = 0; i < 2_000; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Process start(Path data, String log) throws Exception {
        return ChildJvm.start(PerceptApplication.class, dir.resolve(log),
                List.of("-Dpercept.platform.admin-token=" + TOKEN, "-Dpercept.ingest.write-keys=shop:web:" + WRITE_KEY,
                        "-Dpercept.prediction.enabled=false"),
                "serve", "--port", "0", "--data-dir", data.toString());
    }
}
