package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.PerceptApplication;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerceptCliTests {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PerceptCli.commandLine(PerceptApplication.class, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private String lastLine() {
        List<String> lines = out.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("help")).isZero();

        assertThat(out.toString()).contains("serve", "demo", "import", "bench", "version", "PERCEPT_WRITE_KEYS");
    }

    @Test
    void ruleDocumentsAreValidatedOffline() throws Exception {
        Path good = dir.resolve("good.yaml");
        java.nio.file.Files.writeString(good, "id: big-cart\nwhen: {event: {name: Product Added}}\nactions:\n  - emit: {event: Offer Issued}\n");
        Path bad = dir.resolve("bad.json");
        java.nio.file.Files.writeString(bad, "{\"id\": \"bad\", \"when\": {\"event\": {\"name\": \"X\"}}, \"actions\": [{\"webhook\": {\"url\": \"ftp://x\"}}]}");

        assertThat(run("rules", "validate", good.toString())).isZero();
        assertThat(out.toString()).contains("rule big-cart (1 action) is valid");
        assertThat(run("rules", "validate", good.toString(), bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("bad.json: $.actions[0].webhook.url");
    }

    @Test
    void versionEndsWithAMachineReadableLine() {
        assertThat(run("version")).isZero();

        assertThat(lastLine()).matches("version=\\S+ java=\\S+ duckdb=v\\S+");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
        assertThat(run("bench")).isEqualTo(2);
        assertThat(run("import", dir.resolve("missing.jsonl").toString(), "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read");
        assertThat(run("demo", "--customers", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("percept demo: customers must be between 1 and 10000000, was 0");
        assertThat(run("generate", "--out", dir.resolve("world").toString(), "--days", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("percept generate: days must be between 1 and 3650, was 0");
    }

    @Test
    void generatesTheDemoWorldAsImportableFiles() throws Exception {
        Path out = dir.resolve("world");

        assertThat(run("generate", "--out", out.toString(), "--customers", "100", "--days", "90", "--end", "2026-06-30")).isZero();

        assertThat(lastLine()).matches("customers=100 days=90 seed=42 end=2026-06-30 records=\\d+ seconds=[0-9.]+ dir=.*world");
        assertThat(Files.readAllLines(out.resolve("tickets.csv")).get(0))
                .isEqualTo("customer_id,ticket_id,created_at,category,status,priority,product_id,order_id,subject,description");
        assertThat(Files.readAllLines(out.resolve("web.jsonl"))).allSatisfy(line -> assertThat(line).startsWith("{").contains("\"messageId\""));
        assertThat(Files.readString(out.resolve("IMPORT.md"))).contains("percept import --source demo-web --channel web web.jsonl");
    }

    @Test
    void describesAFailureByPerceptsOwnMessage() {
        Throwable wrapped = new IllegalStateException("bean creation failed",
                new io.percept.platform.StoreException("The data directory /x is not writable", new java.io.IOException("EACCES")));

        assertThat(Launcher.describe(wrapped)).isEqualTo("The data directory /x is not writable");
        assertThat(Launcher.describe(new RuntimeException("outer", new java.io.IOException("disk full")))).isEqualTo("disk full");
    }

    @Test
    void importsAFileIntoTheDataDirectoryAndReportsRejects() throws Exception {
        Path data = dir.resolve("data");
        Path file = Files.write(dir.resolve("visits.jsonl"), List.of(
                "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Visit Logged\"}",
                "{\"type\":\"track\",\"userId\":\"u1\"}",
                "{\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"company\":\"ACME\"}}"));
        Path rejects = dir.resolve("rejects.jsonl");

        int exit = run("import", "--data-dir", data.toString(), "--source", "sales-notes", "--channel", "sales",
                "--rejects", rejects.toString(), file.toString());

        assertThat(exit).isEqualTo(PerceptCli.EXIT_REJECTS);
        assertThat(lastLine()).matches("rows=3 messages=3 imported=2 duplicates=0 rejected=1 skipped=0 rows_per_s=\\d+ seconds=[0-9.]+");
        assertThat(out.toString()).contains("visits.jsonl:2: event: is required");
        assertThat(Files.readAllLines(rejects)).hasSize(1);
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
                LogReader reader = log.openReader()) {
            List<LoggedEvent> events = reader.read(0, 10);
            assertThat(events).hasSize(2);
            assertThat(events).allSatisfy(event -> assertThat(event.event().source().value()).isEqualTo("sales-notes"));
        }
    }

    @Test
    void administersSourcesOnTheDataDirectory() {
        String data = dir.resolve("data").toString();

        assertThat(run("sources", "create", "pos-shanghai", "--channel", "store", "--write-key", "key-pos-sh-01", "--offline", "--data-dir", data))
                .isZero();
        assertThat(lastLine()).isEqualTo("source=pos-shanghai channel=store enabled=true write_key=key-pos-sh-01");
        assertThat(run("sources", "disable", "pos-shanghai", "--offline", "--data-dir", data)).isZero();
        assertThat(lastLine()).contains("enabled=false");
        assertThat(run("sources", "rotate", "pos-shanghai", "--offline", "--data-dir", data)).isZero();
        assertThat(lastLine()).doesNotContain("key-pos-sh-01").matches("source=pos-shanghai channel=store enabled=false write_key=\\S{32}");
        assertThat(run("sources", "list", "--offline", "--data-dir", data)).isZero();
        assertThat(out.toString()).contains("NAME", "pos-shanghai");
        assertThat(lastLine()).isEqualTo("sources=1");
        assertThat(run("sources", "stats", "pos-shanghai", "--offline", "--data-dir", data)).isZero();
        assertThat(lastLine()).isEqualTo("source=pos-shanghai requests=0 received=0 accepted=0 duplicates=0 rejected=0");
        assertThat(run("sources", "events", "pos-shanghai", "--offline", "--data-dir", data)).isZero();
        assertThat(lastLine()).isEqualTo("events=0");

        assertThat(run("sources", "stats", "nobody", "--offline", "--data-dir", data)).isEqualTo(1);
        assertThat(err.toString()).contains("no source named 'nobody'");
        assertThat(run("sources", "create", "pos-shanghai", "--channel", "store", "--offline", "--data-dir", data)).isEqualTo(1);
        assertThat(err.toString()).contains("already exists");
        assertThat(run("sources", "list", "--url", "http://localhost:1/")).isEqualTo(1);
        assertThat(err.toString()).contains("no Percept answers at http://localhost:1/");
    }

    @Test
    void benchLogComparesTheLogWithTheRawAppender() {
        int exit = run("bench", "log", "--events", "3000", "--rounds", "1", "--producers", "4", "--batch", "50", "--dir", dir.toString());

        assertThat(exit).isZero();
        assertThat(Pattern.compile("log_events_per_s=(\\d+) raw_events_per_s=(\\d+) ratio=([0-9.]+) .*").matcher(lastLine()).matches())
                .as(lastLine()).isTrue();
        assertThat(out.toString()).contains("raw DuckDB Appender", "event log, durable ack");
    }

    @Test
    void benchHttpLoadsAStartedServerAndChecksEveryAcknowledgedEventIsStored() {
        int exit = run("bench", "http", "--connections", "2", "--batch", "20", "--warmup", "1", "--duration", "2", "--baseline-events", "2000",
                "--dir", dir.resolve("http").toString());

        assertThat(exit).as(out.toString() + err).isZero();
        assertThat(out.toString()).contains("stored in the log").doesNotContain("MISMATCH").contains("ratio HTTP / log");
        assertThat(Pattern.compile("http_events_per_s=(\\d+) p50_ms=[0-9.]+ p99_ms=[0-9.]+ failures=0 log_events_per_s=\\d+ .*")
                .matcher(lastLine()).matches()).as(lastLine()).isTrue();
        assertThat(run("bench", "http", "--url", "http://localhost:1")).isEqualTo(1);
        assertThat(err.toString()).contains("--write-key");
    }

    @Test
    void benchPropensityScoresWithBothModelsAgainstTheDotProductBaseline() {
        int exit = run("bench", "propensity", "--profiles", "6000", "--train", "3000", "--rounds", "1", "--explain", "500");

        assertThat(exit).as(out.toString() + err).isZero();
        assertThat(out.toString()).contains("33 encoded features", "x baseline", "top 3 contributions", "AUC on the 3,000 profiles not trained on");
        assertThat(Pattern.compile("profiles=6000 features=33 gbt_trees=\\d+ .* baseline_per_core=\\d+ lr_per_core=\\d+ gbt_per_core=\\d+ .*"
                + "lr_ratio=[0-9.]+ gbt_ratio=[0-9.]+ lr_all_s=[0-9.]+ gbt_all_s=[0-9.]+ lr_explained_per_core=\\d+ gbt_explained_per_core=\\d+ gbt_path_explained_per_core=\\d+")
                .matcher(lastLine()).matches()).as(lastLine()).isTrue();
        assertThat(run("bench", "propensity", "--profiles", "100")).isEqualTo(2);
    }
}
