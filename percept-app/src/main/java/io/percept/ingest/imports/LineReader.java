package io.percept.ingest.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads lines as raw bytes (so invalid UTF-8 is reported per line rather than aborting the file),
 * transparently gunzipping input that starts with the gzip magic number, dropping a leading UTF-8
 * byte-order mark and the {@code \r} of CRLF. Lines longer than the limit are skipped and reported.
 */
final class LineReader implements AutoCloseable {

    /** Returned for a line too long to keep; its bytes were skipped. */
    static final byte[] TOO_LONG = new byte[0];

    private final CountingInputStream counted;
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private byte[] line = new byte[8192];
    private long lineNumber;

    LineReader(InputStream raw, int maxLineBytes) throws IOException {
        this.counted = new CountingInputStream(raw);
        BufferedInputStream buffered = new BufferedInputStream(counted, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        this.in = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line without its terminator, {@link #TOO_LONG} for an over-long line, or
     * {@code null} at the end of input.
     */
    byte[] next() throws IOException {
        int length = 0;
        boolean overflow = false;
        boolean terminated = false;
        while (!terminated) {
            if (position == limit) {
                if (endOfInput || !fill()) {
                    break;
                }
            }
            int end = position;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            int count = end - position;
            if (!overflow && length + count > maxLineBytes) {
                overflow = true;
            }
            if (!overflow) {
                if (length + count > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count)));
                }
                System.arraycopy(chunk, position, line, length, count);
                length += count;
            }
            terminated = end < limit;
            position = terminated ? end + 1 : end;
        }
        if (!terminated && length == 0 && !overflow) {
            return null;
        }
        lineNumber++;
        if (overflow) {
            return TOO_LONG;
        }
        int start = 0;
        if (lineNumber == 1 && length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
            start = 3;
        }
        if (length > start && line[length - 1] == '\r') {
            length--;
        }
        return Arrays.copyOfRange(line, start, length);
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) {
            endOfInput = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** 1-based number of the line last returned. */
    long lineNumber() {
        return lineNumber;
    }

    /** Bytes consumed from the underlying (possibly compressed) input. */
    long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
