package io.percept.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.ImportFailedException;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.Source;
import io.percept.ingest.WriteKey;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.testing.HostileInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV and Parquet import files under hostile input, the JSONL files' counterpart
 * ({@link ImportFuzzTests}). CSV: {@value #CSV_FILES} files through the reviews template, with
 * hostile cells (quoted and not), mutated lines, stray and unclosed quotes, mixed line ends, a BOM,
 * invalid UTF-8, a wrong declared encoding (GBK) or delimiter, some gzipped and some of those cut
 * short, and a gzip bomb. Parquet: {@value #PARQUET_FILES} files written by DuckDB with hostile
 * strings, nulls, extreme numbers and dates, nested and binary columns and wrongly typed mapped
 * columns, plus truncated, bit-flipped and fake Parquet files. Each import ends with a report in
 * which every row is accounted for and exactly the accepted events are stored, or fails with a
 * message saying why, only for the damage that makes a file unreadable; nothing else escapes.
 */
class TableImportFuzzTests {

    private static final int CSV_FILES = Integer.getInteger("percept.fuzz.csv-files", 300);
    private static final int PARQUET_FILES = Integer.getInteger("percept.fuzz.parquet-files", 150);
    private static final int ROWS = 30;
    private static final String HEADER = "review_id,customer_id,product_id,rating,reviewed_at,review_text";

    @TempDir
    Path dir;

    private ImportTarget target;
    private final Source source = new Source(new SourceName("fuzz"), Channel.ECOMMERCE, new WriteKey("key-fuzz-0001"), true, Instant.EPOCH);
    private long stored;

    @BeforeEach
    void open() {
        target = new ImportTarget(dir.resolve("data"), 50);
    }

    @AfterEach
    void close() {
        target.close();
    }

    /** What an import of one file came to. */
    private enum Outcome { IMPORTED, FAILED }

    /**
     * Imports {@code file}; checks that every row is accounted for and that exactly the accepted
     * events were stored, or that a failure names its reason and is one {@code mayFail} allows.
     */
    private Outcome importChecked(Path file, String mapping, String what, long seed, Predicate<String> mayFail) {
        try {
            ImportReport report = target.importer().run(new ImportRequest(List.of(file), source, mapping, null,
                    dir.resolve("rejects-" + file.getFileName() + ".jsonl")), (a, b, c, d) -> { });
            assertThat(report.accepted() + report.duplicates() + report.rejected() + report.skipped())
                    .as("every row of %s accounted for (seed %d)", what, seed).isEqualTo(report.rows());
            stored += report.accepted();
            assertThat(target.stored()).as("exactly the accepted events are stored (%s, seed %d)", what, seed).hasSize((int) stored);
            return Outcome.IMPORTED;
        } catch (ImportFailedException | InvalidMappingException e) {
            assertThat(e.getMessage()).as("%s fails with a reason (seed %d)", what, seed).isNotBlank();
            assertThat(mayFail.test(e.getMessage())).as("%s may not fail: %s (seed %d)", what, e.getMessage(), seed).isTrue();
            stored = target.stored().size();
            return Outcome.FAILED;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(what + " (seed " + seed + ") escaped as " + e, e);
        }
    }

    @Test
    void everyHostileCsvFileIsImportedRowByRowOrRefusedWithAReason() throws IOException {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        Path utf8 = Files.writeString(dir.resolve("reviews-utf8.yaml"), "template: reviews\ntimestamp: {column: reviewed_at}\n");
        Path gbk = Files.writeString(dir.resolve("reviews-gbk.yaml"),
                "template: reviews\ntimestamp: {column: reviewed_at}\ncsv: {encoding: GBK, delimiter: \";\"}\n");
        int failed = 0;
        long rows = 0;
        for (int f = 0; f < CSV_FILES; f++) {
            boolean declaredGbk = input.nextInt(6) == 0;
            char delimiter = declaredGbk ? ';' : ',';
            Charset written = declaredGbk && input.nextInt(2) == 0 ? StandardCharsets.UTF_8 : declaredGbk ? Charset.forName("GBK") : StandardCharsets.UTF_8;
            StringBuilder text = new StringBuilder();
            if (input.nextInt(10) == 0 && written == StandardCharsets.UTF_8) {
                text.append('\uFEFF');
            }
            boolean headerMutated = input.nextInt(15) == 0;
            text.append((headerMutated ? input.next(HEADER) : HEADER).replace(',', delimiter)).append(lineEnd(input));
            for (int r = 0; r < ROWS; r++) {
                String row = switch (input.nextInt(4)) {
                    case 0 -> validRow(f, r, quoted(input.next("很好用,推荐 great value")));
                    case 1 -> validRow(f, r, quoted(HostileInput.PAYLOADS.get(input.nextInt(HostileInput.PAYLOADS.size()))));
                    case 2 -> input.next(validRow(f, r, "fine"));
                    default -> validRow(f, r, input.nextInt(2) == 0 ? "\"unbalanced \" quote\"" : "stray \" quote");
                };
                text.append(row.replace(',', delimiter)).append(lineEnd(input));
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(text.toString().getBytes(written));
            if (input.nextInt(10) == 0) {
                content.writeBytes(new byte[] {(byte) 0xC3, 0x28, 0, (byte) 0xFF, '\n'});
            }
            byte[] bytes = content.toByteArray();
            boolean gzip = input.nextInt(4) == 0;
            boolean cut = gzip && input.nextInt(4) == 0;
            if (gzip) {
                bytes = gzip(bytes);
                if (cut) {
                    bytes = Arrays.copyOf(bytes, bytes.length / 2);
                }
            }
            Path file = Files.write(dir.resolve("reviews-" + f + (gzip ? ".csv.gz" : ".csv")), bytes);
            long before = stored;
            Outcome outcome = importChecked(file, (declaredGbk ? gbk : utf8).toString(), "CSV file " + f, seed,
                    reason -> cut || reason.contains("never closed") || reason.contains("longer than")
                            || headerMutated && reason.contains("which the file does not have"));
            if (outcome == Outcome.FAILED) {
                failed++;
            } else {
                rows += ROWS;
            }
            assertThat(stored).isGreaterThanOrEqualTo(before);
        }

        // a gzip bomb: 200 MB of one character, one endless record, streamed and stopped at the record limit
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            out.write((HEADER + "\n\"").getBytes(StandardCharsets.UTF_8));
            byte[] filler = new byte[1 << 20];
            Arrays.fill(filler, (byte) 'a');
            for (int i = 0; i < 200; i++) {
                out.write(filler);
            }
        }
        Path file = Files.write(dir.resolve("bomb.csv.gz"), bomb.toByteArray());
        Outcome outcome = importChecked(file, utf8.toString(), "the CSV gzip bomb", seed, reason -> reason.contains("longer than " + CsvRows.MAX_RECORD_CHARS));
        assertThat(outcome).isEqualTo(Outcome.FAILED);
        System.out.printf("csv import fuzz: %d files, %d rows in files read to the end, %d events stored, %d files refused with a reason "
                + "(cut gzip, unclosed quote), a %d KB gzip bomb of 200 MB refused at the record limit, 0 failures, seed %d%n",
                CSV_FILES, rows, stored, failed, bomb.size() / 1024, seed);
    }

    private static String validRow(int file, int row, String text) {
        return "r-" + file + "-" + row + ",c-" + row + ",p-" + (row % 7) + "," + (1 + row % 5) + ",2026-03-0" + (1 + row % 9) + "T10:00:00Z," + text;
    }

    /** {@code text} as a quoted CSV field, quotes doubled. */
    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String lineEnd(HostileInput input) {
        int kind = input.nextInt(10);
        return kind == 0 ? "\r\n" : kind == 1 ? "\r" : "\n";
    }

    @Test
    void everyHostileParquetFileIsImportedRowByRowOrRefusedWithAReason() throws IOException, SQLException {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        Path mapping = Files.writeString(dir.resolve("reviews.yaml"), "template: reviews\ntimestamp: {column: reviewed_at}\n");
        int failed = 0;
        int damaged = 0;
        long rows = 0;
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int f = 0; f < PARQUET_FILES; f++) {
                Path file = dir.resolve("reviews-" + f + ".parquet");
                writeParquet(duckdb, file, input, f);
                int damage = input.nextInt(6);
                boolean broken = damage >= 4;
                if (broken) {
                    damaged++;
                    byte[] bytes = Files.readAllBytes(file);
                    if (damage == 4) {
                        bytes = Arrays.copyOf(bytes, input.nextInt(bytes.length));
                    } else {
                        for (int i = 0; i < 1 + input.nextInt(8); i++) {
                            bytes[input.nextInt(bytes.length)] ^= (byte) (1 << input.nextInt(8));
                        }
                    }
                    Files.write(file, bytes);
                }
                Outcome outcome = importChecked(file, mapping.toString(), "Parquet file " + f, seed, reason -> broken);
                if (outcome == Outcome.FAILED) {
                    failed++;
                } else {
                    rows += ROWS;
                }
            }
        }
        Path fake = Files.writeString(dir.resolve("fake.parquet"), HEADER + "\nr-1,c-1,p-1,5,2026-03-01T10:00:00Z,a CSV file named .parquet\n");
        assertThat(importChecked(fake, mapping.toString(), "a CSV file named .parquet", seed, reason -> reason.contains("Parquet")))
                .isEqualTo(Outcome.FAILED);
        Path empty = Files.write(dir.resolve("empty.parquet"), new byte[0]);
        assertThat(importChecked(empty, mapping.toString(), "an empty .parquet file", seed, reason -> reason.contains("Parquet")))
                .isEqualTo(Outcome.FAILED);
        System.out.printf("parquet import fuzz: %d files (%d damaged), %d rows in files read to the end, %d events stored, %d files refused "
                + "with a reason, plus a fake and an empty file refused, 0 failures, seed %d%n", PARQUET_FILES, damaged, rows, stored, failed, seed);
    }

    /**
     * A Parquet file of {@value #ROWS} reviews with hostile strings, nulls, extreme values and, in
     * some files, wrongly typed mapped columns and extra nested and binary columns.
     */
    private void writeParquet(Connection duckdb, Path file, HostileInput input, int f) throws SQLException {
        String ratingType = input.nextInt(4) == 0 ? "VARCHAR" : input.nextInt(3) == 0 ? "DECIMAL(38,10)" : "DOUBLE";
        String timeType = input.nextInt(4) == 0 ? "BIGINT" : input.nextInt(3) == 0 ? "VARCHAR" : "TIMESTAMP";
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS fuzz");
            statement.execute("CREATE TABLE fuzz (review_id VARCHAR, customer_id VARCHAR, product_id VARCHAR, rating " + ratingType
                    + ", reviewed_at " + timeType + ", review_text VARCHAR, tags VARCHAR[], extra STRUCT(a INTEGER, b VARCHAR), raw BLOB, big HUGEINT)");
        }
        List<String> ratings = List.of("5", "1e308", "-1e308", "0", "NaN", "Infinity", "-0.5", "3.25");
        List<String> times = List.of("2026-03-01 10:00:00", "infinity", "-infinity", "1677-09-21 00:12:44", "2262-04-11 23:47:16",
                "0001-01-01 00:00:00", "9999-12-31 23:59:59");
        try (PreparedStatement insert = duckdb.prepareStatement(
                "INSERT INTO fuzz VALUES (?, ?, ?, TRY_CAST(? AS " + ratingType + "), TRY_CAST(? AS " + timeType + "), ?, ?::VARCHAR[], "
                        + "{'a': 1, 'b': ?}, ?::BLOB, TRY_CAST(? AS HUGEINT))")) {
            for (int r = 0; r < ROWS; r++) {
                insert.setString(1, input.nextInt(10) == 0 ? null : input.nextInt(3) == 0 ? cell(input, "r-" + f + "-" + r) : "r-" + f + "-" + r);
                insert.setString(2, input.nextInt(8) == 0 ? null : cell(input, "c-" + r));
                insert.setString(3, cell(input, "p-" + r % 7));
                String rating = ratings.get(input.nextInt(ratings.size()));
                insert.setString(4, "VARCHAR".equals(ratingType) && input.nextInt(2) == 0 ? cell(input, rating) : rating);
                String time = times.get(input.nextInt(times.size()));
                insert.setString(5, "BIGINT".equals(timeType) ? Long.toString(input.nextInt(3) == 0 ? Long.MIN_VALUE : 1_772_359_200L + r)
                        : "VARCHAR".equals(timeType) ? cell(input, "2026-03-01T10:00:00Z") : time);
                insert.setString(6, input.nextInt(6) == 0 ? null : cell(input, "很好用 great value"));
                insert.setString(7, "[a, b]");
                insert.setString(8, cell(input, "x"));
                insert.setString(9, "\\x00\\xFF");
                insert.setString(10, "170141183460469231731687303715884105727");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement copy = duckdb.prepareStatement("COPY fuzz TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)")) {
            copy.execute();
        }
    }

    /** A hostile cell: valid text, a payload or a mutation, without lone surrogates (not storable as UTF-8 in Parquet). */
    private static String cell(HostileInput input, String valid) {
        String text = input.next(valid);
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
