package io.percept.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.SourceName;
import io.percept.ingest.ImportFailedException;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.Source;
import io.percept.ingest.WriteKey;
import io.percept.platform.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImporterTests {

    @TempDir
    Path dir;

    private ImportTarget target;
    private FileImporter importer;
    private final Source source = new Source(new SourceName("crm"), Channel.SALES, new WriteKey("key-crm-0001"), true, Instant.EPOCH);

    @BeforeEach
    void open() {
        target = new ImportTarget(dir.resolve("data"), 3);
        importer = target.importer();
    }

    @AfterEach
    void close() {
        target.close();
    }

    private List<Event> stored() {
        return target.stored();
    }

    @Test
    void importsValidLinesAndRejectsInvalidOnesWithTheirReasons() throws IOException {
        Path file = Files.write(dir.resolve("events.jsonl"), List.of(
                "\uFEFF{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"name\":\"王芳\"},\"timestamp\":\"2025-03-01T10:00:00Z\"}",
                "",
                "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Visit Logged\",\"properties\":{\"note\":\"需要报价\"}}",
                "{\"type\":\"track\",\"userId\":\"u1\"}",
                "{not json",
                "{\"type\":\"page\",\"anonymousId\":\"a1\",\"channel\":\"web\"}\r",
                "[1,2]"), StandardCharsets.UTF_8);
        Path rejects = dir.resolve("out/rejects.jsonl");

        ImportReport report = importer.run(new ImportRequest(List.of(file), source, rejects), (a, b, c, d) -> { });

        assertThat(report.rows()).isEqualTo(6);
        assertThat(report.accepted()).isEqualTo(3);
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.rejectsFile()).isEqualTo(rejects);
        assertThat(report.firstErrors()).containsExactly(
                "events.jsonl:4: event: is required for a track call (the name of the action, e.g. \"Order Completed\")",
                "events.jsonl:5: record: " + report.firstErrors().get(1).substring("events.jsonl:5: record: ".length()),
                "events.jsonl:7: record: expected a JSON object, found an array");
        List<Map<String, Object>> rejected = Files.readAllLines(rejects).stream().map(JsonValues::parseObject).toList();
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(4L, 5L, 7L);
        assertThat(rejected.get(1).get("input")).isEqualTo("{not json");

        List<Event> events = stored();
        assertThat(events).extracting(Event::source).containsOnly(source.name());
        assertThat(events).extracting(Event::channel).containsExactly(Channel.SALES, Channel.SALES, Channel.WEB);
        assertThat(events.get(0).traits().string("name")).hasValue("王芳");
        assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(events.get(1).properties().string("note")).hasValue("需要报价");
    }

    @Test
    void storesNothingWhenTheSameFileIsImportedAgain() throws IOException {
        Path file = Files.write(dir.resolve("a.jsonl"), List.of(
                "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\"}",
                "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\"}",
                "{\"type\":\"track\",\"userId\":\"u2\",\"event\":\"E\",\"messageId\":\"own-id\"}"));
        ImportRequest request = new ImportRequest(List.of(file), source, dir.resolve("r.jsonl"));

        ImportReport first = importer.run(request, (a, b, c, d) -> { });
        ImportReport again = importer.run(request, (a, b, c, d) -> { });

        List<String> ids = stored().stream().map(event -> event.messageId().value()).toList();
        assertThat(first.accepted()).isEqualTo(2);
        assertThat(first.duplicates()).as("the two identical lines have one derived id").isEqualTo(1);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0)).startsWith("import-").hasSize(39);
        assertThat(ids.get(1)).isEqualTo("own-id");
        assertThat(Files.exists(dir.resolve("r.jsonl"))).isFalse();
    }

    @Test
    void readsGzippedFilesAndRejectsInvalidUtf8PerLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\"}\n".getBytes(StandardCharsets.UTF_8));
            gzip.write(new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
            gzip.write("{\"type\":\"track\",\"userId\":\"u2\",\"event\":\"E\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(dir.resolve("b.jsonl.gz"), bytes.toByteArray());
        List<Double> progress = new ArrayList<>();

        ImportReport report = importer.run(new ImportRequest(List.of(file), source, dir.resolve("r.jsonl")),
                (fraction, rows, accepted, rejected) -> progress.add(fraction));

        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.firstErrors().get(0)).contains(":2: record:").contains("UTF-8");
        assertThat(progress).isNotEmpty().last().isEqualTo(1.0);
    }

    @Test
    void reportsHowFarItGotWhenTheLogFails() throws IOException {
        Path file = Files.write(dir.resolve("c.jsonl"), List.of("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\"}"));
        target.closeLog();

        assertThatThrownBy(() -> importer.run(new ImportRequest(List.of(file), source, dir.resolve("r.jsonl")), (a, b, c, d) -> { }))
                .isInstanceOf(ImportFailedException.class).hasMessageContaining("0 events were stored");
    }
}
