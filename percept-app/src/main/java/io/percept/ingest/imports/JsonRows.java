package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.Row;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSONL records: one JSON object per line. Columns are keys, or dotted paths into nested objects
 * ({@code user.id}); cells are the values as text (objects and arrays as JSON), and
 * {@link Row#value} gives the structured value.
 */
final class JsonRows implements RowSource {

    /** Longest line accepted, in bytes. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final LineReader lines;
    private final long size;

    JsonRows(InputStream raw, long size) throws IOException {
        this.lines = new LineReader(raw, MAX_LINE_BYTES);
        this.size = size;
    }

    @Override
    public List<String> columns() {
        return List.of();
    }

    @Override
    public Row next() throws IOException {
        byte[] line;
        while ((line = lines.next()) != null) {
            if (line == LineReader.TOO_LONG) {
                return new BadRow(lines.lineNumber(), "is longer than " + MAX_LINE_BYTES + " bytes", "");
            }
            if (!isBlank(line)) {
                String raw = new String(line, StandardCharsets.UTF_8);
                try {
                    return new JsonRow(lines.lineNumber(), JsonValues.parseObject(line), raw);
                } catch (MalformedJsonException e) {
                    return new BadRow(lines.lineNumber(), e.getMessage(), decodeLenient(line));
                }
            }
        }
        return null;
    }

    /** A parsed line. */
    record JsonRow(long line, Map<String, Object> object, String raw) implements Row {

        @Override
        public Object value(String column) {
            if (object.containsKey(column)) {
                return object.get(column);
            }
            Object current = object;
            for (String step : column.split("\\.")) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = map.get(step);
            }
            return current;
        }

        @Override
        public String get(String column) {
            Object value = value(column);
            if (value == null) {
                return null;
            }
            if (value instanceof Map || value instanceof List) {
                return JsonValues.toJson(value);
            }
            if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
                return Long.toString(number.longValue());
            }
            return value.toString();
        }
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The line as text, with invalid UTF-8 sequences replaced, for the rejects file. */
    static String decodeLenient(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(line)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }

    @Override
    public double fractionDone() {
        return size <= 0 ? 0 : Math.min(1.0, lines.bytesRead() / (double) size);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
