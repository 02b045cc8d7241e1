package io.percept.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.ImportFailedException;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.Source;
import io.percept.ingest.WriteKey;
import io.percept.testing.HostileInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import files under hostile input: {@value #FILES} generated JSONL files of {@value #LINES} lines
 * each (valid lines, mutated lines, injection payloads, invalid UTF-8, huge lines), some gzipped or
 * with a gzip stream cut short, and a gzip bomb (200 MB of zeros in about 200 KB). Each import ends
 * with a report in which every row is accounted for (accepted, a duplicate, rejected with its line
 * and reason, or skipped) and exactly the accepted events are stored, or fails with a message
 * saying why (a cut gzip stream); nothing else escapes, and the bomb is streamed, never held: its
 * endless line is rejected at the reader's 1 MB line limit.
 */
class ImportFuzzTests {

    private static final int FILES = 300;
    private static final int LINES = 40;
    private static final List<String> VALID = List.of(
            "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"name\":\"王芳\",\"email\":\"w@example.com\"},\"timestamp\":\"2025-03-01T10:00:00Z\"}",
            "{\"type\":\"track\",\"userId\":\"u2\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":12.5,\"products\":[{\"product_id\":\"p1\"}]}}",
            "{\"type\":\"page\",\"anonymousId\":\"a1\",\"name\":\"Home\",\"channel\":\"web\"}");

    @TempDir
    Path dir;

    private ImportTarget target;
    private final Source source = new Source(new SourceName("fuzz"), Channel.SALES, new WriteKey("key-fuzz-0001"), true, Instant.EPOCH);

    @BeforeEach
    void open() {
        target = new ImportTarget(dir.resolve("data"), 50);
    }

    @AfterEach
    void close() {
        target.close();
    }

    @Test
    void everyHostileFileIsImportedRowByRowOrRefusedWithAReason() throws IOException {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        long stored = 0;
        long rows = 0;
        int failed = 0;
        for (int f = 0; f < FILES; f++) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (int l = 0; l < LINES; l++) {
                String line = input.nextInt(3) == 0 ? VALID.get(input.nextInt(VALID.size())).replace("u1", "u1-" + f + "-" + l)
                        : input.next(VALID.get(input.nextInt(VALID.size())));
                content.writeBytes(line.replace("\n", " ").getBytes(StandardCharsets.UTF_8));
                if (input.nextInt(20) == 0) {
                    content.write(0xC3);
                    content.write(0x28);
                }
                content.write('\n');
            }
            byte[] bytes = content.toByteArray();
            boolean gzip = input.nextInt(4) == 0;
            boolean cut = gzip && input.nextInt(4) == 0;
            if (gzip) {
                bytes = gzip(bytes);
                if (cut) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
                }
            }
            Path file = Files.write(dir.resolve("f" + f + (gzip ? ".jsonl.gz" : ".jsonl")), bytes);
            try {
                ImportReport report = target.importer().run(new ImportRequest(List.of(file), source, dir.resolve("rejects-" + f + ".jsonl")),
                        (a, b, c, d) -> { });
                assertThat(report.accepted() + report.duplicates() + report.rejected() + report.skipped())
                        .as("every row of file %d accounted for (seed %d)", f, seed).isEqualTo(report.rows());
                stored += report.accepted();
                rows += report.rows();
            } catch (ImportFailedException e) {
                assertThat(cut).as("only a cut gzip stream fails the file: %s (seed %d)", e.getMessage(), seed).isTrue();
                assertThat(e.getMessage()).isNotBlank();
                stored = target.stored().size();
                failed++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("file " + f + " (seed " + seed + ") escaped as " + e, e);
            }
            assertThat(target.stored()).as("exactly the accepted events are stored (file %d, seed %d)", f, seed).hasSize((int) stored);
        }

        // a gzip bomb: 200 MB of zeros, one endless line, read in bounded memory and rejected as too long
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        Path file = Files.write(dir.resolve("bomb.jsonl.gz"), bomb.toByteArray());
        ImportReport report = target.importer().run(new ImportRequest(List.of(file), source, dir.resolve("rejects-bomb.jsonl")), (a, b, c, d) -> { });
        assertThat(report.accepted()).isZero();
        // streamed, never held: the line reader stops keeping a line at 1 MB and rejects it as too long
        assertThat(report.rejected()).isPositive();
        assertThat(report.firstErrors()).isNotEmpty().allSatisfy(error -> assertThat(error).contains("longer than " + JsonRows.MAX_LINE_BYTES));
        System.out.printf("import fuzz: %d files, %d rows, %d events stored, %d cut gzip files refused with a reason, a %d KB gzip bomb of 200 MB "
                + "rejected, 0 failures, seed %d%n", FILES, rows, stored, failed, bomb.size() / 1024, seed);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
