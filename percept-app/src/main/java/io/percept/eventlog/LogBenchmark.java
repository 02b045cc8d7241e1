package io.percept.eventlog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.analytics.stats.Quantiles;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.eventlog.persistence.EventCodec;
import io.percept.platform.Directories;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.PiiCipher;
import io.percept.platform.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Measures the log's append rate against the raw DuckDB Appender on the same rows, in the same
 * run, on fresh stores. The raw baseline appends pre-encoded rows with one appender in one
 * transaction: the engine's best case. The log path is what ingest does: concurrent producers
 * append batches (encoding their events in their own threads) and wait for the durable
 * acknowledgement of each, with group commit. Both use the store as Percept configures it. After
 * an uncounted warm-up round of each (JIT compilation), rounds alternate raw and log to even out
 * noise; the median round of each is reported.
 */
public final class LogBenchmark {

    /**
     * @param events     events per round
     * @param eventBytes target average size of an event's canonical JSON
     * @param producers  concurrent appending threads (like concurrent HTTP requests)
     * @param batchSize  events per append (like events per HTTP batch)
     * @param rounds     alternating raw/log rounds
     * @param directory  where the scratch stores go (deleted afterwards)
     * @param settings   the log's settings (group commit)
     * @param encrypt    also run each round with encryption at rest (a random key), to measure its cost
     */
    public record Options(int events, int eventBytes, int producers, int batchSize, int rounds, Path directory,
            EventLogSettings settings, boolean encrypt) {

        public Options {
            if (events < 1000) {
                throw new IllegalArgumentException("events must be at least 1000, was " + events);
            }
            if (eventBytes < 150 || eventBytes > 32_768) {
                throw new IllegalArgumentException("event bytes must be between 150 and 32768, was " + eventBytes);
            }
            if (producers < 1 || batchSize < 1 || rounds < 1) {
                throw new IllegalArgumentException("producers, batch size and rounds must be positive");
            }
        }
    }

    /**
     * @param events               events per round
     * @param averageEventBytes    measured average canonical JSON size
     * @param rawEventsPerSecond   median raw Appender rate
     * @param logEventsPerSecond   median log append rate (durable acknowledgements)
     * @param ratio                log / raw
     * @param appendP50Millis      median latency of one append (request to durable ack), median round
     * @param appendP99Millis      99th percentile latency of one append, median round
     * @param averageCommitEvents  events per group commit, median round
     * @param replayEventsPerSecond reading and decoding every event back from the store (not the
     *                             memory cache), as a replaying processor does; median round
     * @param rawRounds            each round's raw rate
     * @param logRounds            each round's log rate
     * @param encrypted            the log's rounds with encryption at rest, {@code null} without {@link Options#encrypt()}
     * @param sealedShare          share of the events with a personal trait sealed
     */
    public record Result(int events, double averageEventBytes, double rawEventsPerSecond, double logEventsPerSecond, double ratio,
            double appendP50Millis, double appendP99Millis, double averageCommitEvents, double replayEventsPerSecond,
            double[] rawRounds, double[] logRounds, Encrypted encrypted, double sealedShare) {
    }

    /**
     * @param logEventsPerSecond    median append rate with encryption
     * @param replayEventsPerSecond replay (read, decode, decrypt) rate of that round
     * @param logRounds             each round's rate
     * @param sealOpenMicros        CPU time to encode (sealing) and decode (opening) one event with personal
     *                              traits, one thread, best of 5 passes: the cost free of the machine's noise
     */
    public record Encrypted(double logEventsPerSecond, double replayEventsPerSecond, double[] logRounds, double sealOpenMicros) {
    }

    private record LogRound(double eventsPerSecond, double p50Millis, double p99Millis, double averageCommitEvents,
            double replayEventsPerSecond) {
    }

    private LogBenchmark() {
    }

    /**
     * Runs the benchmark; {@code progress} receives the number of each round as it starts.
     *
     * @throws IllegalStateException if a store does not hold exactly the appended events afterwards
     */
    public static Result run(Options options, IntConsumer progress) {
        List<Event> events = generate(options.events(), options.eventBytes(), 20261127L);
        double averageBytes = events.stream().limit(10_000).mapToInt(event -> EventCodec.encode(event).length()).average().orElse(0);
        List<Event> warmUp = events.subList(0, Math.min(events.size(), 50_000));
        rawRound(warmUp, options.directory().resolve("warm-up-raw"));
        logRound(warmUp, options, options.directory().resolve("warm-up-log"), PiiCipher.none());
        PiiCipher cipher = options.encrypt() ? PiiCipher.of(randomKey(), PiiCipher.DEFAULT_FIELDS) : PiiCipher.none();
        if (options.encrypt()) {
            logRound(warmUp, options, options.directory().resolve("warm-up-encrypted"), cipher);
        }
        double[] raw = new double[options.rounds()];
        LogRound[] logged = new LogRound[options.rounds()];
        LogRound[] encrypted = new LogRound[options.rounds()];
        for (int round = 0; round < options.rounds(); round++) {
            progress.accept(round + 1);
            raw[round] = rawRound(events, options.directory().resolve("raw-" + round));
            logged[round] = logRound(events, options, options.directory().resolve("log-" + round), PiiCipher.none());
            if (options.encrypt()) {
                encrypted[round] = logRound(events, options, options.directory().resolve("encrypted-" + round), cipher);
            }
        }
        double rawMedian = Quantiles.of(raw, 0.5)[0];
        LogRound medianLog = median(logged);
        Encrypted withEncryption = null;
        if (options.encrypt()) {
            LogRound median = median(encrypted);
            withEncryption = new Encrypted(median.eventsPerSecond(), median.replayEventsPerSecond(),
                    Arrays.stream(encrypted).mapToDouble(LogRound::eventsPerSecond).toArray(), sealOpenMicros(events, cipher));
        }
        double sealedShare = events.stream().filter(event -> event.traits().asMap().containsKey("email")).count() / (double) events.size();
        double[] logRates = Arrays.stream(logged).mapToDouble(LogRound::eventsPerSecond).toArray();
        return new Result(options.events(), averageBytes, rawMedian, medianLog.eventsPerSecond(),
                medianLog.eventsPerSecond() / rawMedian, medianLog.p50Millis(), medianLog.p99Millis(),
                medianLog.averageCommitEvents(), medianLog.replayEventsPerSecond(), raw, logRates, withEncryption, sealedShare);
    }

    /** Extra microseconds to encode and decode one event with personal traits sealed, against the same without a key. */
    private static double sealOpenMicros(List<Event> events, PiiCipher cipher) {
        List<Event> personal = events.stream().filter(event -> event.traits().asMap().containsKey("email")).limit(20_000).toList();
        double best = Double.MAX_VALUE;
        long checksum = 0;
        for (int pass = 0; pass < 5; pass++) {
            long started = System.nanoTime();
            for (Event event : personal) {
                checksum += EventCodec.decode(EventCodec.encode(event, cipher), cipher).traits().asMap().size();
            }
            long sealed = System.nanoTime() - started;
            started = System.nanoTime();
            for (Event event : personal) {
                checksum += EventCodec.decode(EventCodec.encode(event)).traits().asMap().size();
            }
            long plain = System.nanoTime() - started;
            best = Math.min(best, (sealed - plain) / 1e3 / personal.size());
        }
        if (checksum == 0) {
            throw new IllegalStateException("no traits decoded");
        }
        return best;
    }

    private static LogRound median(LogRound[] rounds) {
        return Arrays.stream(rounds).sorted(Comparator.comparingDouble(LogRound::eventsPerSecond)).toList().get(rounds.length / 2);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private static double rawRound(List<Event> events, Path directory) {
        List<String[]> rows = new ArrayList<>(events.size());
        long[] micros = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            rows.add(new String[] {event.source().value(), event.messageId().value(), EventCodec.encode(event)});
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, event.receivedAt());
        }
        try (EmbeddedStore store = EmbeddedStore.open(directory, StoreOptions.DEFAULTS); DuckDBConnection connection = store.connect()) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            try (DuckDBAppender appender = EmbeddedStore.appender(connection, "event_log")) {
                for (int i = 0; i < rows.size(); i++) {
                    String[] row = rows.get(i);
                    appender.beginRow().append((long) i + 1).appendEpochMicros(micros[i]).append(row[0]).append(row[1]).append(row[2]).endRow();
                }
            }
            connection.commit();
            double rate = events.size() / ((System.nanoTime() - started) / 1e9);
            verifyCount(connection, events.size());
            return rate;
        } catch (SQLException e) {
            throw new IllegalStateException("raw appender round failed: " + e.getMessage(), e);
        } finally {
            delete(directory);
        }
    }

    private static LogRound logRound(List<Event> events, Options options, Path directory, PiiCipher cipher) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        int batches = (events.size() + options.batchSize() - 1) / options.batchSize();
        long[] latencies = new long[batches];
        double rate;
        double replay;
        try (EmbeddedStore store = EmbeddedStore.open(directory, StoreOptions.DEFAULTS, cipher)) {
            try (DuckDbEventLog log = new DuckDbEventLog(store, options.settings(), meters)) {
                ExecutorService producers = Executors.newFixedThreadPool(options.producers());
                long started = System.nanoTime();
                List<Future<?>> running = new ArrayList<>();
                for (int p = 0; p < options.producers(); p++) {
                    int producer = p;
                    running.add(producers.submit(() -> {
                        for (int batch = producer; batch < batches; batch += options.producers()) {
                            int from = batch * options.batchSize();
                            List<Event> slice = events.subList(from, Math.min(events.size(), from + options.batchSize()));
                            long sent = System.nanoTime();
                            CompletableFuture<AppendReceipt> receipt = log.append(slice);
                            receipt.join();
                            latencies[batch] = System.nanoTime() - sent;
                        }
                        return null;
                    }));
                }
                for (Future<?> producer : running) {
                    producer.get();
                }
                rate = events.size() / ((System.nanoTime() - started) / 1e9);
                producers.shutdown();
                if (log.head() != events.size()) {
                    throw new IllegalStateException("log head is " + log.head() + " after appending " + events.size() + " events");
                }
            }
            try (DuckDBConnection connection = store.connect()) {
                verifyCount(connection, events.size());
            }
            replay = replay(store, options, events.size());
        } catch (SQLException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("log round failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            delete(directory);
        }
        double[] millis = Arrays.stream(latencies).mapToDouble(nanos -> nanos / 1e6).toArray();
        double[] q = Quantiles.of(millis, 0.5, 0.99);
        double commits = meters.get("percept.log.commit.batch.events").summary().count();
        return new LogRound(rate, q[0], q[1], events.size() / Math.max(1, commits), replay);
    }

    /** Reads every event back through a log without a memory cache, in processor-sized batches. */
    private static double replay(EmbeddedStore store, Options options, int expected) {
        EventLogSettings base = options.settings();
        EventLogSettings uncached = new EventLogSettings(base.groupCommit(), base.maxPendingEvents(), 0, base.processors());
        try (DuckDbEventLog log = new DuckDbEventLog(store, uncached, new SimpleMeterRegistry()); LogReader reader = log.openReader()) {
            long started = System.nanoTime();
            long read = 0;
            long after = 0;
            while (after < log.head()) {
                List<LoggedEvent> batch = reader.read(after, base.processors().batchSize());
                read += batch.size();
                after = batch.get(batch.size() - 1).seq();
            }
            if (read != expected) {
                throw new IllegalStateException("replay read " + read + " events instead of " + expected);
            }
            return read / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static void verifyCount(DuckDBConnection connection, int expected) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM event_log")) {
            rows.next();
            if (rows.getLong(1) != expected || rows.getLong(2) != expected || rows.getLong(3) != 1 || rows.getLong(4) != expected) {
                throw new IllegalStateException("store holds " + rows.getLong(1) + " rows (seq " + rows.getLong(3) + ".."
                        + rows.getLong(4) + ") instead of " + expected);
            }
        }
    }

    /**
     * Seeded, varied events whose canonical JSON averages about {@code targetBytes}: a mix of
     * track, page and identify calls from 100,000 customers, padded with a note property.
     */
    public static List<Event> generate(int count, int targetBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"Product Viewed", "Order Completed", "Cart Added", "Review Submitted", "Ticket Opened"};
        String[] categories = {"手机", "耳机", "扫地机器人", "空气净化器", "电饭煲"};
        Channel[] channels = Channel.values();
        SourceName source = new SourceName("bench");
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        List<Event> events = new ArrayList<>(count);
        String padding = "x".repeat(Math.max(0, targetBytes));
        int pad = -1;
        for (int i = 0; i < count; i++) {
            double kind = random.nextDouble();
            EventType type = kind < 0.7 ? EventType.TRACK : kind < 0.9 ? EventType.PAGE : EventType.IDENTIFY;
            Map<String, Object> properties = new LinkedHashMap<>();
            Map<String, Object> traits = new LinkedHashMap<>();
            if (type == EventType.IDENTIFY) {
                traits.put("email", "c" + random.nextInt(100_000) + "@example.com");
                traits.put("city", categories[random.nextInt(categories.length)]);
            } else {
                properties.put("product_id", "P-" + random.nextInt(5_000));
                properties.put("category", categories[random.nextInt(categories.length)]);
                properties.put("price", Math.round(random.nextDouble() * 500_000) / 100.0);
            }
            Instant time = base.plusMillis(random.nextLong(30L * 24 * 3600 * 1000));
            Event.Builder builder = Event.builder(type, new MessageId("m-" + seed + "-" + i), source, channels[random.nextInt(channels.length)])
                    .userId("c" + random.nextInt(100_000)).anonymousId("a-" + random.nextInt(1_000_000))
                    .name(type == EventType.TRACK ? names[random.nextInt(names.length)] : type == EventType.PAGE ? "/products" : null)
                    .timestamp(time).receivedAt(time.plusMillis(random.nextInt(5_000)));
            if (pad < 0) {
                int unpadded = EventCodec.encode(builder.properties(Attributes.copyOf(properties)).traits(Attributes.copyOf(traits)).build()).length();
                pad = Math.max(0, targetBytes - unpadded - 12);
            }
            properties.put("note", padding.substring(0, pad));
            events.add(builder.properties(Attributes.copyOf(properties)).traits(Attributes.copyOf(traits)).build());
        }
        return events;
    }

    private static void delete(Path directory) {
        try {
            Directories.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
