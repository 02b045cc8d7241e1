package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.platform.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code percept.jar} as users run it: {@code java -jar percept.jar serve|demo}. */
class JarIT {

    private static final Path JAR = Path.of("target", "percept.jar");
    private static final Pattern READY = Pattern.compile("ready in .* at (http://localhost:(\\d+)/)");
    private static final String TOKEN = "jar-test-admin-token-42";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process launch(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PERCEPT_ADMIN_TOKEN", TOKEN);
        builder.environment().put("PERCEPT_WRITE_KEYS", "web-shop:web:key-web-shop-1");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static String awaitUrl(Process process, Path log) {
        String[] url = new String[1];
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                url[0] = ready.group(1);
            }
            return url[0] != null;
        });
        return url[0];
    }

    private HttpResponse<String> get(String url, boolean admin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (admin) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void demoPrintsTheUrlGetsHealthyAndLoadsDataThroughIngest() throws Exception {
        Path log = dir.resolve("demo.log");
        Process demo = launch(log, "demo", "--port", "0", "--customers", "60");

        String url = awaitUrl(demo, log);

        assertThat(Files.exists(dir.resolve("percept-data/percept.duckdb"))).as("default data dir ./percept-data").isTrue();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get(url + "actuator/health", false).statusCode()).isEqualTo(200);
            Map<String, Object> volumes = JsonValues.parseObject(get(url + "api/insight/event-volumes?from=2000-01-01", true).body());
            assertThat((Long) volumes.get("total")).isGreaterThan(100);
            assertThat(Files.readString(log)).contains("Demo world loaded");
        });
    }

    @Test
    void offlineCommandsEndWithTheirMachineReadableLine() throws Exception {
        Path file = Files.write(dir.resolve("events.jsonl"), List.of("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\"}",
                "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"city\":\"上海\"}}"));
        Path importLog = dir.resolve("import.log");
        Process importing = launch(importLog, "import", "--data-dir", "store", file.toString());
        assertThat(importing.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(importing.exitValue()).as(Files.readString(importLog)).isZero();
        assertThat(lastLine(importLog)).matches("rows=2 messages=2 imported=2 duplicates=0 rejected=0 skipped=0 rows_per_s=\\d+ seconds=[0-9.]+");

        Path generateLog = dir.resolve("generate.log");
        Process generate = launch(generateLog, "generate", "--out", "world", "--customers", "200", "--days", "120", "--end", "2026-11-01");
        assertThat(generate.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(generate.exitValue()).as(Files.readString(generateLog)).isZero();
        assertThat(lastLine(generateLog)).matches("customers=200 days=120 seed=42 end=2026-11-01 records=\\d+ seconds=[0-9.]+ dir=.*world");
        assertThat(Files.readString(dir.resolve("world/IMPORT.md")))
                .contains("percept import --source demo-reviews --channel ecommerce --mapping reviews reviews.csv");
        Path reviewsLog = dir.resolve("import-reviews.log");
        Process reviews = launch(reviewsLog, "import", "--data-dir", "store", "--source", "demo-reviews", "--channel", "ecommerce",
                "--mapping", "reviews", dir.resolve("world/reviews.csv").toString());
        assertThat(reviews.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(reviews.exitValue()).as(Files.readString(reviewsLog)).isZero();
        assertThat(lastLine(reviewsLog)).matches("rows=(\\d+) messages=\\1 imported=\\1 duplicates=0 rejected=0 .*");

        Path versionLog = dir.resolve("version.log");
        Process version = launch(versionLog, "version");
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lastLine(versionLog)).startsWith("version=");
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.get(lines.size() - 1);
    }

    @Test
    void servesStopsCleanlyAndKeepsDeclaredSourcesAcrossRestarts() throws Exception {
        Path first = dir.resolve("first.log");
        Process server = launch(first, "serve", "--port", "0", "--data-dir", "store");
        String url = awaitUrl(server, first);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(url + "actuator/health", false).statusCode() == 200);
        assertThat(get(url + "api/sources", false).statusCode()).isEqualTo(401);
        assertThat(get(url + "api/sources", true).body()).contains("\"name\":\"web-shop\"");
        Path created = dir.resolve("sources-create.log");
        Process create = launch(created, "sources", "create", "crm-notes", "--channel", "sales", "--url", url);
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).as(Files.readString(created)).isZero();
        assertThat(Files.readString(created)).contains("Created source crm-notes in the server at " + url);
        assertThat(lastLine(created)).startsWith("source=crm-notes channel=sales enabled=true write_key=");
        assertThat(get(url + "api/sources/crm-notes", true).statusCode()).isEqualTo(200);

        Path second = dir.resolve("second.log");
        Process competitor = launch(second, "serve", "--port", "0", "--data-dir", "store");
        assertThat(competitor.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(competitor.exitValue()).isEqualTo(1);
        assertThat(Files.readString(second)).contains("is in use by another process (PID " + server.pid() + ")");

        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(first)).contains("Percept stopping after");

        Path third = dir.resolve("third.log");
        Process restarted = launch(third, "serve", "--port", "0", "--data-dir", "store");
        String again = awaitUrl(restarted, third);
        List<?> sources = (List<?>) JsonValues.parseObject("{\"s\":" + get(again + "api/sources", true).body() + "}").get("s");
        assertThat(sources).hasSize(2);
        assertThat(Files.readString(third)).doesNotContain("Source web-shop");
    }
}
