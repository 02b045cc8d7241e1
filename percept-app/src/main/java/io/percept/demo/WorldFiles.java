package io.percept.demo;

import io.percept.demo.world.Feed;
import io.percept.demo.world.World;
import io.percept.platform.JsonValues;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the demo world's feeds as files Percept imports: Segment messages as JSONL, the other
 * feeds as CSV (RFC 4180, UTF-8, with a header) in the columns of their import template. Only the
 * feeds asked for are written; the others are counted and dropped.
 */
public final class WorldFiles implements World.Sink, AutoCloseable {

    private final Path directory;
    private final Set<Feed> feeds;
    private final Map<Feed, Writer> writers = new EnumMap<>(Feed.class);
    private final long[] records = new long[Feed.values().length];

    /** Writes {@code feeds} into {@code directory} (created if missing; files in it are replaced). */
    public WorldFiles(Path directory, Set<Feed> feeds) {
        this.directory = directory;
        this.feeds = Set.copyOf(feeds);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /** The file a feed is written to. */
    public Path file(Feed feed) {
        return directory.resolve(feed.file());
    }

    /** Records seen so far for {@code feed} (written or not). */
    public long records(Feed feed) {
        return records[feed.ordinal()];
    }

    /** Records seen so far, all feeds. */
    public long records() {
        long total = 0;
        for (long count : records) {
            total += count;
        }
        return total;
    }

    @Override
    public void message(Feed feed, Map<String, Object> message) {
        records[feed.ordinal()]++;
        if (feeds.contains(feed)) {
            write(feed, JsonValues.toJson(message));
        }
    }

    @Override
    public void row(Feed feed, List<String> cells) {
        records[feed.ordinal()]++;
        if (feeds.contains(feed)) {
            write(feed, csv(cells));
        }
    }

    /** One CSV line: cells quoted when they hold a comma, quote or line break, quotes doubled. */
    static String csv(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.toString();
    }

    private void write(Feed feed, String line) {
        try {
            Writer writer = writers.get(feed);
            if (writer == null) {
                writer = new BufferedWriter(Files.newBufferedWriter(file(feed), StandardCharsets.UTF_8), 1 << 16);
                writers.put(feed, writer);
                if (!feed.tracked()) {
                    writer.write(csv(feed.columns()));
                    writer.write('\n');
                }
            }
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(feed), e);
        }
    }

    /** The feeds that have a file (at least one record). */
    public Set<Feed> written() {
        Set<Feed> written = EnumSet.noneOf(Feed.class);
        written.addAll(writers.keySet());
        return written;
    }

    @Override
    public void close() {
        IOException failure = null;
        for (Writer writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("cannot finish writing the demo files in " + directory, failure);
        }
    }
}
