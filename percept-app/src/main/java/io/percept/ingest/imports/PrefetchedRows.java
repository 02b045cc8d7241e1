package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another {@link RowSource} on its own thread, a batch of rows ahead, so parsing a file and
 * mapping its rows use two cores. Errors of the reading thread surface in {@link #next()}.
 */
final class PrefetchedRows implements RowSource {

    private static final int BATCH = 1024;
    private static final Object END = new Object();

    private final RowSource source;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile double fraction;
    private List<Row> current = List.of();
    private int index;
    private boolean ended;

    PrefetchedRows(RowSource source, String name) {
        this.source = source;
        this.reader = new Thread(this::read, "import-reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (true) {
                List<Row> batch = new ArrayList<>(BATCH);
                Row row = null;
                while (batch.size() < BATCH && (row = source.next()) != null) {
                    batch.add(row);
                }
                fraction = source.fractionDone();
                if (!batch.isEmpty()) {
                    queue.put(batch);
                }
                if (row == null) {
                    queue.put(END);
                    return;
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException failure) {
            try {
                queue.put(failure);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Row next() throws IOException {
        if (index < current.size()) {
            return current.get(index++);
        }
        if (ended) {
            return null;
        }
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        }
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof IOException failure) {
            throw failure;
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        current = (List<Row>) next;
        index = 0;
        return current.get(index++);
    }

    @Override
    public double fractionDone() {
        return fraction;
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
