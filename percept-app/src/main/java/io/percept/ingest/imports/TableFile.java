package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.ImportMapping;
import io.percept.ingest.domain.mapping.Row;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.springframework.modulith.NamedInterface;

/**
 * A data file read as records of named fields, for commands that read tables rather than import
 * events (scoring and training on labelled texts): CSV/TSV by the import reader's rules (RFC 4180,
 * quoted line breaks, a header line), JSONL (fields by key or dotted path), or plain text (one record
 * a line, in field {@value #TEXT}, and the part after its last tab, if any, in {@value #TAB_LABEL}).
 * Gzip is recognised by content. Not thread-safe.
 */
@NamedInterface("tables")
public final class TableFile implements AutoCloseable {

    /** The field holding a plain-text line. */
    public static final String TEXT = "text";
    /** The field holding what follows a plain-text line's last tab. */
    public static final String TAB_LABEL = "tab_label";

    /** A file's kind, by its name when not given. */
    public enum Kind {
        CSV, TSV, JSONL, TXT;

        /** The kind its name says: .csv, .tsv, .jsonl/.ndjson/.json, .txt (with an optional .gz). */
        public static Kind of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
            if (base.endsWith(".tsv")) {
                return TSV;
            }
            if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) {
                return JSONL;
            }
            if (base.endsWith(".txt")) {
                return TXT;
            }
            return CSV;
        }
    }

    private final CountingInputStream counted;
    private final InputStream decoded;
    private final long size;
    private final RowSource rows;
    private final LineReader lines;

    private TableFile(Path file, Kind kind, int skipLines) throws IOException {
        this.size = Files.size(file);
        this.counted = new CountingInputStream(Files.newInputStream(file));
        BufferedInputStream buffered = new BufferedInputStream(counted, 1 << 16);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        this.decoded = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        for (int skipped = 0; skipped < skipLines; skipped++) {
            int b;
            while ((b = decoded.read()) >= 0 && b != '\n') {
                // skipping a preamble line
            }
        }
        RowSource source = null;
        LineReader reader = null;
        switch (kind) {
            case CSV, TSV -> source = new CsvRows(counted, decoded, size,
                    new ImportMapping.CsvOptions(kind == Kind.TSV ? '\t' : ',', '"', StandardCharsets.UTF_8, true));
            case JSONL -> source = new JsonRows(decoded, size);
            case TXT -> reader = new LineReader(decoded, 1 << 20);
            default -> throw new IllegalStateException();
        }
        this.rows = source;
        this.lines = reader;
    }

    /** Opens {@code file} as the kind its name says. */
    public static TableFile open(Path file) throws IOException {
        return open(file, Kind.of(file), 0);
    }

    /**
     * Opens {@code file} as {@code kind}, after {@code skipLines} lines that are not part of the table
     * (a preamble some exports put before the header).
     */
    public static TableFile open(Path file, Kind kind, int skipLines) throws IOException {
        if (skipLines < 0) {
            throw new IllegalArgumentException("skipLines must be 0 or more, was " + skipLines);
        }
        return new TableFile(file, kind, skipLines);
    }

    /** The header's columns (CSV, TSV); empty for JSONL, {@code [text, tab_label]} for plain text. */
    public List<String> columns() {
        return rows != null ? rows.columns() : List.of(TEXT, TAB_LABEL);
    }

    /** One record. */
    public interface Record {

        /** The field's text; {@code null} when the record has no such field. */
        String get(String field);

        /** The 1-based line the record starts on. */
        long line();

        /** Why the record could not be read, or {@code null} when it could. */
        String problem();
    }

    /** The next record, or {@code null} at the end; unreadable records come back with their problem. */
    public Record next() throws IOException {
        if (rows != null) {
            Row row = rows.next();
            if (row == null) {
                return null;
            }
            String problem = row instanceof RowSource.BadRow bad ? bad.problem() : null;
            return new Record() {
                @Override
                public String get(String field) {
                    return row.get(field);
                }

                @Override
                public long line() {
                    return row.line();
                }

                @Override
                public String problem() {
                    return problem;
                }
            };
        }
        byte[] bytes = lines.next();
        if (bytes == null) {
            return null;
        }
        long line = lines.lineNumber();
        if (bytes == LineReader.TOO_LONG) {
            return plain(line, null, null, "is longer than 1 MiB");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        int tab = text.lastIndexOf('\t');
        return tab < 0 ? plain(line, text, null, null) : plain(line, text.substring(0, tab), text.substring(tab + 1), null);
    }

    private static Record plain(long line, String text, String label, String problem) {
        return new Record() {
            @Override
            public String get(String field) {
                return TEXT.equals(field) ? text : TAB_LABEL.equals(field) ? label : null;
            }

            @Override
            public long line() {
                return line;
            }

            @Override
            public String problem() {
                return problem;
            }
        };
    }

    /** How much of the file has been read, from 0 to 1. */
    public double fractionDone() {
        return size == 0 ? 1 : Math.min(1, counted.count() / (double) size);
    }

    @Override
    public void close() throws IOException {
        if (rows != null) {
            rows.close();
        }
        decoded.close();
    }
}
