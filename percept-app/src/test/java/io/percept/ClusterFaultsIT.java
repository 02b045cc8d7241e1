package io.percept;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.testing.ChildJvm;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import io.percept.testing.TcpProxy;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.percept.platform.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A cluster-mode instance whose dependencies go away and come back. Kafka runs in a child JVM that is
 * frozen with SIGSTOP (a broker that accepts connections and answers nothing, as a hung or cut-off host
 * does) and thawed with SIGCONT; PostgreSQL is reached through a {@link TcpProxy} that is cut (every
 * connection reset, new ones refused) and restored. The tracking API must answer a refusal with
 * {@code Retry-After} within a bounded time and acknowledge nothing it could not store, health must say
 * so, and once the dependency is back every acknowledged event and every refused-then-resent one is in
 * PostgreSQL exactly once.
 */
class ClusterFaultsIT {

    private static final String TOKEN = "faults-admin-token-0123456789";
    private static final String WRITE_KEY = "faults-write-key-0123456789";
    private static final Pattern BOOTSTRAP = Pattern.compile("kafka_bootstrap=(\\S+)");
    /** A client's timeout; every answer must come well within it. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> acknowledged = new LinkedHashSet<>();
    private final List<List<String>> refused = new ArrayList<>();
    private int batches;
    private int resent;

    @Test
    void kafkaOrPostgresqlDownRefusesOrDelaysAsDocumentedAndNothingIsLostOrDoubled() throws Exception {
        Process broker = ChildJvm.start(KafkaTestBroker.class, dir.resolve("broker.log"));
        try (PostgresTestDatabase database = PostgresTestDatabase.create(); TcpProxy postgres = TcpProxy.to("127.0.0.1", port(database.url()))) {
            String bootstrap = awaitBroker(broker, dir.resolve("broker.log"));
            String url;
            try (ConfigurableApplicationContext app = start(bootstrap, database.url().replace(":" + port(database.url()) + "/", ":" + postgres.port() + "/"))) {
                url = ClusterServeIT.url(app);
                for (int i = 0; i < 5; i++) {
                    assertThat(send(url)).isEqualTo(200);
                }

                // Kafka frozen: refusals within a bounded time, nothing acknowledged
                signal(broker, "STOP");
                Map<Integer, Integer> whileKafkaDown = new TreeMap<>();
                long slowest = 0;
                for (int i = 0; i < 4; i++) {
                    long started = System.nanoTime();
                    int status = send(url);
                    slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
                    whileKafkaDown.merge(status, 1, Integer::sum);
                }
                HttpResponse<String> kafkaHealth = get(url + "actuator/health");
                signal(broker, "CONT");
                long thawed = System.nanoTime();
                int recovered = 0;
                while (send(url) != 200) {
                    assertThat(System.nanoTime() - thawed).as("ingest resumes within 90 s of Kafka's return").isLessThan(Duration.ofSeconds(90).toNanos());
                    recovered++;
                    Thread.sleep(500);
                }
                long kafkaRecoveryMillis = (System.nanoTime() - thawed) / 1_000_000;
                System.out.printf("cluster faults: Kafka frozen: answers %s, slowest %d ms; health while frozen %d %s; ingest accepted again %d ms"
                        + " after Kafka's return (%d refusals before)%n", whileKafkaDown, slowest, kafkaHealth.statusCode(),
                        kafkaHealth.body(), kafkaRecoveryMillis, recovered);
                assertThat(whileKafkaDown.keySet()).as("while Kafka is down nothing is acknowledged").containsOnly(503);
                assertThat(slowest).as("the slowest refusal (ms) while Kafka is down, well within a client's timeout")
                        .isLessThan(CLIENT_TIMEOUT.toMillis() / 2);

                // PostgreSQL cut off: what ingest, reads and health do, then recovery
                postgres.cut();
                Map<Integer, Integer> ingestWhilePostgresDown = new TreeMap<>();
                long slowestIngest = 0;
                for (int i = 0; i < 4; i++) {
                    long started = System.nanoTime();
                    ingestWhilePostgresDown.merge(send(url), 1, Integer::sum);
                    slowestIngest = Math.max(slowestIngest, (System.nanoTime() - started) / 1_000_000);
                }
                long readStarted = System.nanoTime();
                HttpResponse<String> read = get(url + "api/profiles/by-identifier/user_id/faults-user-1");
                long readMillis = (System.nanoTime() - readStarted) / 1_000_000;
                HttpResponse<String> postgresHealth = get(url + "actuator/health");
                postgres.restore();
                System.out.printf("cluster faults: PostgreSQL cut: ingest answers %s (slowest %d ms); profile read %d in %d ms: %s; health %d %s%n",
                        ingestWhilePostgresDown, slowestIngest, read.statusCode(), readMillis, read.body(), postgresHealth.statusCode(),
                        postgresHealth.body());
                assertThat(read.statusCode()).as("a read while PostgreSQL is down: %s", read.body()).isEqualTo(503);
                assertThat(readMillis).as("a read waits for a connection at most 10 s (ms)").isLessThan(20_000);
                assertThat(postgresHealth.statusCode()).as(postgresHealth.body()).isEqualTo(503);
                for (Map.Entry<Integer, Integer> answer : ingestWhilePostgresDown.entrySet()) {
                    assertThat(answer.getKey()).as("ingest while PostgreSQL is down").isIn(200, 503);
                }

                resent = refused.size();
                for (List<String> ids : new ArrayList<>(refused)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (send(url, ids) != 200) {
                        assertThat(System.nanoTime()).as("a refused batch is accepted once the dependencies are back").isLessThan(deadline);
                        Thread.sleep(500);
                    }
                }
                awaitStored(database, Duration.ofSeconds(120));
                assertThat(get(url + "actuator/health").statusCode()).as("healthy again").isEqualTo(200);
            }
        } finally {
            broker.destroyForcibly();
            broker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until PostgreSQL's event store holds exactly the acknowledged messages, each once. */
    private void awaitStored(PostgresTestDatabase database, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> stored = new HashMap<>();
        while (System.nanoTime() < deadline) {
            stored.clear();
            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT message_id, count(*) FROM events GROUP BY message_id")) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getInt(2));
                }
            }
            if (stored.keySet().containsAll(acknowledged)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(stored.keySet()).as("exactly the acknowledged messages are processed").isEqualTo(acknowledged);
        assertThat(stored.values()).as("each once").containsOnly(1);
        System.out.printf("cluster faults: %d messages acknowledged (%d batches refused and sent again), each stored once in PostgreSQL%n",
                acknowledged.size(), resent);
    }

    /** Sends a new batch; a refused one is kept to be sent again. */
    private int send(String url) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add("faults-" + batches + "-" + i);
        }
        batches++;
        int status = send(url, ids);
        if (status != 200) {
            refused.add(ids);
        }
        return status;
    }

    private int send(String url, List<String> ids) throws Exception {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        Instant at = Instant.parse("2026-11-01T08:00:00Z");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"faults-user-").append(i % 5)
                    .append("\",\"messageId\":\"").append(ids.get(i)).append("\",\"timestamp\":\"").append(at.plusSeconds(i))
                    .append("\",\"properties\":{\"revenue\":").append(i + 1).append("}}");
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "v1/batch")).timeout(CLIENT_TIMEOUT)
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            acknowledged.addAll(ids);
            refused.remove(ids);
        } else {
            assertThat(response.statusCode()).as("a refusal: %s", response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as("a refusal says when to retry").isPresent();
        }
        return response.statusCode();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ConfigurableApplicationContext start(String bootstrap, String postgresUrl) {
        String topic = KafkaTestBroker.uniqueTopic("cluster-faults");
        return new SpringApplicationBuilder(PerceptApplication.class).run("--percept.mode=cluster", "--server.port=0",
                "--percept.platform.data-dir=" + dir.resolve("instance"), "--percept.platform.admin-token=" + TOKEN,
                "--percept.ingest.write-keys=shop:ecommerce:" + WRITE_KEY, "--percept.cluster.instance-id=faults",
                "--percept.cluster.kafka.bootstrap-servers=" + bootstrap, "--percept.cluster.kafka.topic=" + topic,
                "--percept.cluster.kafka.partitions=2", "--percept.cluster.postgres.url=" + postgresUrl, "--percept.cluster.postgres.user=postgres",
                "--percept.cluster.postgres.pool-size=4", "--percept.cluster.processors.batch-size=100", "--percept.prediction.enabled=false");
    }

    private static int port(String jdbcUrl) {
        Matcher port = Pattern.compile("//[^:/]+:(\\d+)/").matcher(jdbcUrl);
        return port.find() ? Integer.parseInt(port.group(1)) : 5432;
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
        assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
    }

    private static String awaitBroker(Process broker, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(broker.isAlive()).as("the broker runs (see %s)", log).isTrue();
            Matcher ready = BOOTSTRAP.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (ready.find()) {
                return ready.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the broker did not start in 120 s; see " + log);
    }
}
