package io.percept.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LineReaderTests {

    private static List<String> lines(byte[] input, int maxLineBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(new ByteArrayInputStream(input), maxLineBytes)) {
            byte[] line;
            while ((line = reader.next()) != null) {
                lines.add(line == LineReader.TOO_LONG ? "<too long>" : new String(line, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void splitsLinesDroppingCarriageReturnsAndALeadingByteOrderMark() throws IOException {
        byte[] input = "\uFEFFfirst\r\nsecond\n\nlast without newline".getBytes(StandardCharsets.UTF_8);

        assertThat(lines(input, 1000)).containsExactly("first", "second", "", "last without newline");
    }

    @Test
    void readsGzippedInputTransparently() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("a\nb\n".repeat(50_000).getBytes(StandardCharsets.UTF_8));
        }

        List<String> lines = lines(compressed.toByteArray(), 1000);

        assertThat(lines).hasSize(100_000).startsWith("a", "b").endsWith("a", "b");
    }

    @Test
    void skipsOverLongLinesAndCarriesOn() throws IOException {
        byte[] input = ("ok\n" + "x".repeat(200_000) + "\nafter\n").getBytes(StandardCharsets.UTF_8);

        assertThat(lines(input, 1000)).containsExactly("ok", "<too long>", "after");
    }

    @Test
    void handlesLinesSpanningReadChunks() throws IOException {
        String longLine = "y".repeat(150_000);

        assertThat(lines((longLine + "\n" + longLine).getBytes(StandardCharsets.UTF_8), 1 << 20)).containsExactly(longLine, longLine);
    }
}
