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
 * JSONL records: one JSON object per line, each a {@link JsonRecord} (columns are keys, dotted
 * paths or JSONPath expressions).
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
                    return new JsonRecord(lines.lineNumber(), JsonValues.parseObject(line), raw);
                } catch (MalformedJsonException e) {
                    return new BadRow(lines.lineNumber(), e.getMessage(), io.percept.platform.Utf8.decodeLenient(line));
                }
            }
        }
        return null;
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
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
