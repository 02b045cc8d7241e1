package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.ImportMapping;
import io.percept.ingest.domain.mapping.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV records per RFC 4180: fields separated by the delimiter, optionally quoted, quotes doubled
 * inside quoted fields, line breaks inside quoted fields, LF or CRLF line ends. Lenient where
 * exports are sloppy (a stray quote inside an unquoted field is kept as text). Each row knows the
 * line it starts on and its raw text. A record with a different number of fields than the header
 * is a {@link RowSource.BadRow}; a quoted field still open after {@value #MAX_RECORD_CHARS}
 * characters stops the file with an error naming the line where it began.
 */
final class CsvRows implements RowSource {

    static final int MAX_RECORD_CHARS = 1 << 20;

    private final Reader reader;
    private final CountingInputStream counted;
    private final long size;
    private final char delimiter;
    private final char quote;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private boolean first = true;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();

    CsvRows(CountingInputStream counted, InputStream decoded, long size, ImportMapping.CsvOptions options) throws IOException {
        this.counted = counted;
        this.size = size;
        PushbackInputStream peeked = new PushbackInputStream(decoded, 3);
        this.reader = new InputStreamReader(peeked, encoding(peeked, options.encoding()));
        this.delimiter = options.delimiter();
        this.quote = options.quote();
        List<String> header = null;
        if (options.header()) {
            Record record = record();
            if (record == null) {
                throw new IOException("the file is empty: no header line");
            }
            header = new ArrayList<>();
            for (String name : record.fields) {
                header.add(name.strip());
            }
        }
        this.columns = header == null ? new ArrayList<>() : header;
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i), i);
        }
    }

    /**
     * The declared encoding, unless the file starts with a UTF-8 or UTF-16 byte-order mark: a mark
     * is decisive (spreadsheets write "CSV UTF-8" with one, and a mapping declaring GBK for such a
     * file would otherwise turn the first header name into mojibake). The mark itself is left in
     * the stream for {@link #fill()} to skip.
     */
    private static Charset encoding(PushbackInputStream in, Charset declared) throws IOException {
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        in.unread(head, 0, n);
        if (n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        return declared;
    }

    private record Record(long line, List<String> fields, String raw) {
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Row next() throws IOException {
        Record record = record();
        if (record == null) {
            return null;
        }
        if (columns.isEmpty()) {
            for (int i = 0; i < record.fields.size(); i++) {
                columns.add("column" + (i + 1));
                index.put("column" + (i + 1), i);
            }
        }
        if (record.fields.size() != columns.size()) {
            return new BadRow(record.line, "has " + record.fields.size() + " fields, the header has " + columns.size(), record.raw);
        }
        String[] values = record.fields.toArray(String[]::new);
        return new CsvRow(record.line, values, record.raw, index);
    }

    /** One row of values, looked up through the shared header index. */
    private record CsvRow(long line, String[] values, String raw, Map<String, Integer> index) implements Row {

        @Override
        public String get(String column) {
            Integer at = index.get(column);
            return at == null ? null : values[at];
        }
    }

    /** The next non-empty record, or {@code null} at the end. */
    private Record record() throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                return null;
            }
            char c = buffer[position];
            if (c == '\n') {
                position++;
                line++;
            } else if (c == '\r') {
                position++;
                line++;
                if ((position < limit || fill()) && buffer[position] == '\n') {
                    position++;
                }
            } else {
                break;
            }
        }
        long startLine = line;
        Record fast = unquotedRecord(startLine);
        if (fast != null) {
            return fast;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        StringBuilder raw = new StringBuilder(128);
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (position == limit && !fill()) {
                if (quoted) {
                    throw new IOException("the quoted field that begins on line " + startLine + " is never closed");
                }
                fields.add(field.toString());
                return new Record(startLine, fields, raw.toString());
            }
            char c = buffer[position++];
            if (raw.length() > MAX_RECORD_CHARS) {
                throw new IOException("the record that begins on line " + startLine + " is longer than " + MAX_RECORD_CHARS
                        + " characters; is a quote left open?");
            }
            if (quoted) {
                if (c == quote) {
                    if ((position < limit || fill()) && buffer[position] == quote) {
                        field.append(quote);
                        raw.append(quote).append(quote);
                        position++;
                    } else {
                        quoted = false;
                        raw.append(c);
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !((position < limit || fill()) && buffer[position] == '\n'))) {
                        line++;
                    }
                    field.append(c);
                    raw.append(c);
                }
                continue;
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                raw.append(c);
                continue;
            }
            if (c == '\n' || c == '\r') {
                line++;
                if (c == '\r' && (position < limit || fill()) && buffer[position] == '\n') {
                    position++;
                }
                fields.add(field.toString());
                return new Record(startLine, fields, raw.toString());
            }
            if (c == quote && fieldStart) {
                quoted = true;
                fieldStart = false;
                raw.append(c);
                continue;
            }
            fieldStart = false;
            field.append(c);
            raw.append(c);
        }
    }

    /**
     * The common case, a record without quotes that ends inside the buffer, cut straight out of
     * the buffer; {@code null} (nothing consumed) for anything else.
     */
    private Record unquotedRecord(long startLine) {
        int start = position;
        int fieldStart = start;
        List<String> fields = new ArrayList<>(Math.max(4, columns == null ? 8 : columns.size()));
        for (int i = start; i < limit; i++) {
            char c = buffer[i];
            if (c == delimiter) {
                fields.add(new String(buffer, fieldStart, i - fieldStart));
                fieldStart = i + 1;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 >= limit) {
                    return null;
                }
                fields.add(new String(buffer, fieldStart, i - fieldStart));
                String raw = new String(buffer, start, i - start);
                position = c == '\r' && buffer[i + 1] == '\n' ? i + 2 : i + 1;
                line++;
                return new Record(startLine, fields, raw);
            } else if (c == quote) {
                return null;
            }
        }
        return null;
    }

    private boolean fill() throws IOException {
        int n = reader.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        if (first) {
            first = false;
            if (buffer[0] == '\uFEFF') {
                position = 1;
                if (limit == 1) {
                    return fill();
                }
            }
        }
        return true;
    }

    @Override
    public double fractionDone() {
        return size <= 0 ? 0 : Math.min(1.0, counted.count() / (double) size);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
