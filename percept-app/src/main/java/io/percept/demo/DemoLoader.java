package io.percept.demo;

import io.percept.console.Initiatives;
import io.percept.demo.world.Feed;
import io.percept.demo.world.World;
import io.percept.eventlog.SourceName;
import io.percept.ingest.EventImports;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.IngestResult;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import io.percept.ingest.SourceCreation;
import io.percept.ingest.Sources;
import io.percept.platform.Directories;
import io.percept.platform.JsonValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Loads the demo world once Percept is ready, the way a company's systems would feed it: the
 * website, app, marketplace, order-system and IoT-platform messages through {@link Ingestion} (the
 * tracking API's path: validation, deduplication, durable append), week by week of history, then
 * the store, direct-sales, review, service, social, survey and telemetry exports as CSV files
 * through the importers and their templates. One source per feed ({@code demo-web}, {@code demo-tickets}, ...).
 * Progress is logged every few seconds, and the load is recorded so a restart does not repeat it.
 */
public class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
    private static final int BATCH = 500;
    private static final int IN_FLIGHT = 4;
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    private final DemoSettings settings;
    private final Sources sources;
    private final Ingestion ingestion;
    private final EventImports imports;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final LiveStream live;
    /** The console's initiatives, to show the world's stories as initiatives (absent where the console is not running). */
    private final ObjectProvider<Initiatives> initiatives;

    DemoLoader(DemoSettings settings, Sources sources, Ingestion ingestion, EventImports imports, JdbcClient jdbc, Clock clock,
            org.springframework.context.ApplicationEventPublisher events, LiveStream live, ObjectProvider<Initiatives> initiatives) {
        this.events = events;
        this.initiatives = initiatives;
        this.live = live;
        this.settings = settings;
        this.sources = sources;
        this.ingestion = ingestion;
        this.imports = imports;
        this.jdbc = jdbc;
        this.clock = clock;
        this.progress = new Progress(settings.load() ? "waiting" : "off", "", 0, 0);
    }

    /**
     * Where the load stands, for the health endpoint.
     *
     * @param phase     {@code off} (not asked to load), {@code waiting}, {@code generating},
     *                  {@code sending} (the tracked feeds), {@code importing} (the file feeds),
     *                  {@code loaded}, {@code refused} (the store holds another world) or {@code failed}
     * @param detail    what it is doing or why it stopped
     * @param customers customers generated so far
     * @param stored    events stored so far (by finished steps)
     */
    public record Progress(String phase, String detail, int customers, long stored) {
    }

    private volatile Progress progress;

    /** Where the load stands. */
    public Progress progress() {
        return progress;
    }

    private void progress(String phase, String detail, int customers, long stored) {
        progress = new Progress(phase, detail, customers, stored);
    }

    /**
     * What a load stored.
     *
     * @param customers customers generated
     * @param records   records generated (messages and rows)
     * @param stored    events stored in the log
     * @param seconds   how long it took
     */
    public record Report(int customers, long records, long stored, double seconds) {
    }

    /**
     * Starts loading in the background once Percept is ready, so it serves while the demo loads;
     * then the live stream of the world's customers ({@code percept.demo.live-rate}).
     */
    @EventListener(ApplicationReadyEvent.class)
    void loadOnStart() {
        if (settings.load()) {
            Thread loader = new Thread(() -> {
                World world = loadOnce();
                if (world != null && settings.liveRate() > 0) {
                    live.start(world, settings.liveRate(), this::source);
                }
            }, "demo-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** Loads the demo world unless this store already holds one; returns the store's world, or null if it holds another or the load failed. */
    World loadOnce() {
        try {
            World world = loadIfNew();
            if (world != null) {
                initiatives.ifAvailable(console -> DemoInitiatives.of(world).forEach(definition -> console.defineIfAbsent(definition, "demo")));
            }
            return world;
        } catch (RuntimeException e) {
            progress("failed", String.valueOf(e.getMessage()), progress.customers(), progress.stored());
            log.error("Loading the demo world failed: {}", e.getMessage(), e);
            events.publishEvent(new io.percept.platform.HistoryLoaded("demo world (failed)", progress.stored()));
            return null;
        }
    }

    private World loadIfNew() {
        List<Map<String, Object>> loaded = jdbc.sql("SELECT seed, customers, days, events, history_end FROM demo_loads ORDER BY loaded_at")
                .query().listOfRows();
        if (!loaded.isEmpty()) {
            Map<String, Object> world = loaded.get(0);
            boolean same = ((Number) world.get("seed")).longValue() == settings.seed()
                    && ((Number) world.get("customers")).intValue() == settings.customers()
                    && ((Number) world.get("days")).intValue() == settings.days();
            progress(same ? "loaded" : "refused", same ? "loaded before" : "the store holds the world of seed " + world.get("seed"),
                    ((Number) world.get("customers")).intValue(), ((Number) world.get("events")).longValue());
            if (same) {
                log.info("Demo world already loaded ({} events for {} customers, seed {})", world.get("events"), world.get("customers"),
                        world.get("seed"));
            } else {
                log.warn("This store already holds the demo world of seed {} with {} customers over {} days; not loading seed {} with {} "
                        + "customers over {} days into it (their customers would mix). Start with an empty --data-dir for another world.",
                        world.get("seed"), world.get("customers"), world.get("days"), settings.seed(), settings.customers(), settings.days());
            }
            return same ? new World(new World.Settings(settings.seed(), settings.customers(), settings.days(), historyEnd(world.get("history_end"))))
                    : null;
        }
        LocalDate end = settings.end() != null ? settings.end() : World.today(clock);
        World world = new World(new World.Settings(settings.seed(), settings.customers(), settings.days(), end));
        log.info("Loading the demo world: {} customers over the {} days to {} (seed {})", settings.customers(), settings.days(), end,
                settings.seed());
        events.publishEvent(new io.percept.platform.HistoryLoading("demo world"));
        Path directory;
        try {
            directory = Files.createTempDirectory("percept-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for the demo files", e);
        }
        try {
            Report report = load(world, directory);
            jdbc.sql("INSERT INTO demo_loads (seed, customers, days, events, loaded_at, history_end) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(settings.seed(), settings.customers(), settings.days(), report.stored(),
                            LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), end)
                    .update();
            progress("loaded", String.format(Locale.ROOT, "%.1f s", report.seconds()), report.customers(), report.stored());
            log.info(String.format(Locale.ROOT, "Demo world loaded: %,d events for %,d customers in %.1f s (%,.0f events/s)",
                    report.stored(), report.customers(), report.seconds(), report.stored() / Math.max(1e-9, report.seconds())));
            events.publishEvent(new io.percept.platform.HistoryLoaded("demo world", report.stored()));
            return world;
        } finally {
            deleteQuietly(directory);
        }
    }

    /** The end of a stored world's history (not kept by loads before it was recorded: then as configured). */
    private LocalDate historyEnd(Object stored) {
        if (stored == null) {
            return settings.end() != null ? settings.end() : World.today(clock);
        }
        return stored instanceof java.sql.Date date ? date.toLocalDate() : LocalDate.parse(String.valueOf(stored).substring(0, 10));
    }

    /**
     * Generates {@code world} into {@code directory} and loads it: the tracked feeds through the
     * ingest path week by week of history, then the file feeds through the importers.
     *
     * @throws IllegalStateException if Percept refuses any demo record (a bug in the generator)
     */
    public Report load(World world, Path directory) {
        long started = System.nanoTime();
        Set<Feed> fileFeeds = EnumSet.noneOf(Feed.class);
        Arrays.stream(Feed.values()).filter(feed -> !feed.tracked()).forEach(fileFeeds::add);
        long records;
        Tracking tracking = new Tracking();
        try (WorldFiles files = new WorldFiles(directory, fileFeeds); Weeks weeks = new Weeks(directory.resolve("tracked"), world)) {
            long[] lastLog = {System.nanoTime()};
            int customers = world.settings().customers();
            world.generate(new Forward(files, weeks), done -> {
                if (done % 100 == 0) {
                    progress("generating", done + " of " + customers + " customers", done, 0);
                }
                long now = System.nanoTime();
                if (now - lastLog[0] >= PROGRESS_NANOS) {
                    lastLog[0] = now;
                    log.info(String.format(Locale.ROOT, "Demo world: %,d of %,d customers generated (%.0f %%), %,d records",
                            done, customers, 100.0 * done / customers, files.records()));
                }
            });
            records = files.records();
            weeks.close();
            log.info(String.format(Locale.ROOT, "Demo world: %,d customers generated in %.1f s: %,d records", customers,
                    (System.nanoTime() - started) / 1e9, records));
            // the tracked feeds week by week, so that history reaches the log roughly in time order, as it happened
            for (int week = 0; week < weeks.count(); week++) {
                progress("sending", "week " + (week + 1) + " of " + weeks.count(), customers, tracking.stored);
                weeks.replay(week, tracking::add);
                long now = System.nanoTime();
                if (now - lastLog[0] >= PROGRESS_NANOS) {
                    lastLog[0] = now;
                    log.info(String.format(Locale.ROOT, "Demo world: sending week %d of %d through the tracking path, %,d events stored",
                            week + 1, weeks.count(), tracking.stored));
                }
            }
            tracking.flushAll();
        }
        long stored = tracking.stored;
        for (Feed feed : Feed.values()) {
            Path file = directory.resolve(feed.file());
            if (!feed.tracked() && Files.exists(file)) {
                stored += importFile(feed, file, directory.resolve(feed.file() + ".rejects.jsonl"), stored);
            }
        }
        return new Report(world.settings().customers(), records, stored, (System.nanoTime() - started) / 1e9);
    }

    private long importFile(Feed feed, Path file, Path rejects, long storedBefore) {
        progress("importing", feed.file(), progress.customers(), storedBefore);
        long[] lastLog = {System.nanoTime()};
        ImportReport report = imports.importFiles(new ImportRequest(List.of(file), source(feed), feed.template(), "csv", rejects),
                (fraction, rows, accepted, rejected) -> {
                    long now = System.nanoTime();
                    if (now - lastLog[0] >= PROGRESS_NANOS) {
                        lastLog[0] = now;
                        log.info(String.format(Locale.ROOT, "Demo world: importing %s, %.0f %% (%,d rows)", feed.file(), 100 * fraction, rows));
                    }
                });
        if (report.rejected() > 0) {
            throw new IllegalStateException(report.rejected() + " rows of the demo's " + feed.file() + " were rejected, the first: "
                    + report.firstErrors());
        }
        log.info(String.format(Locale.ROOT, "Demo world: imported %s: %,d events in %.1f s", feed.file(), report.accepted(),
                report.took().toMillis() / 1000.0));
        return report.accepted();
    }

    /** Sends each tracked feed's messages in batches through the ingest path, a few batches in flight. */
    private final class Tracking {

        private final Map<Feed, List<Map<String, Object>>> batches = new EnumMap<>(Feed.class);
        private final Deque<CompletableFuture<IngestResult>> inFlight = new ArrayDeque<>();
        private final Map<Feed, Source> sourcesByFeed = new EnumMap<>(Feed.class);
        private long stored;

        void add(Feed feed, Map<String, Object> message) {
            List<Map<String, Object>> batch = batches.computeIfAbsent(feed, f -> new ArrayList<>(BATCH));
            batch.add(message);
            if (batch.size() == BATCH) {
                batches.remove(feed);
                send(feed, batch);
            }
        }

        private void send(Feed feed, List<Map<String, Object>> batch) {
            while (inFlight.size() >= IN_FLIGHT) {
                settle(inFlight.removeFirst());
            }
            Source source = sourcesByFeed.computeIfAbsent(feed, DemoLoader.this::source);
            inFlight.addLast(ingestion.ingest(source, batch, null).thenApply(result -> {
                if (result instanceof IngestResult.Rejected rejected) {
                    throw new IllegalStateException("demo message " + rejected.index() + " of a " + feed.file() + " batch was rejected: "
                            + rejected.field() + " " + rejected.reason() + " (" + batch.get(rejected.index()) + ")");
                }
                return result;
            }));
        }

        private void settle(CompletableFuture<IngestResult> pending) {
            try {
                stored += ((IngestResult.Accepted) pending.join()).accepted();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }

        void flushAll() {
            for (Feed feed : Feed.values()) {
                List<Map<String, Object>> batch = batches.remove(feed);
                if (batch != null) {
                    send(feed, batch);
                }
            }
            while (!inFlight.isEmpty()) {
                settle(inFlight.removeFirst());
            }
        }
    }

    /** Tracked messages to their week's spill file, rows to the files. */
    private record Forward(WorldFiles files, Weeks weeks) implements World.Sink {

        @Override
        public void message(Feed feed, Map<String, Object> message) {
            files.message(feed, message);
            weeks.add(feed, message);
        }

        @Override
        public void row(Feed feed, List<String> cells) {
            files.row(feed, cells);
        }
    }

    /**
     * The tracked messages spilled to one JSONL file per week of history (each line the feed's
     * number, a tab and the message), so they can be sent in time order without holding a large
     * world in memory; a week's file is deleted once sent.
     */
    private static final class Weeks implements AutoCloseable {

        private final Path directory;
        private final LocalDate start;
        private final Writer[] writers;

        Weeks(Path directory, World world) {
            this.directory = directory;
            this.start = world.settings().start();
            this.writers = new Writer[(world.settings().days() + 6) / 7];
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
        }

        int count() {
            return writers.length;
        }

        void add(Feed feed, Map<String, Object> message) {
            int day = (int) ChronoUnit.DAYS.between(start, LocalDate.parse(((String) message.get("timestamp")).substring(0, 10)));
            int week = day / 7;
            try {
                if (writers[week] == null) {
                    writers[week] = Files.newBufferedWriter(file(week), StandardCharsets.UTF_8);
                }
                writers[week].write(feed.ordinal() + "\t" + JsonValues.toJson(message) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file(week), e);
            }
        }

        void replay(int week, BiConsumer<Feed, Map<String, Object>> consumer) {
            if (!Files.exists(file(week))) {
                return;
            }
            try (BufferedReader reader = Files.newBufferedReader(file(week), StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int tab = line.indexOf('\t');
                    consumer.accept(Feed.values()[Integer.parseInt(line.substring(0, tab))], JsonValues.parseObject(line.substring(tab + 1)));
                }
                Files.delete(file(week));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file(week), e);
            }
        }

        private Path file(int week) {
            return directory.resolve("week-" + week + ".jsonl");
        }

        @Override
        public void close() {
            for (int week = 0; week < writers.length; week++) {
                if (writers[week] != null) {
                    try {
                        writers[week].close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + file(week), e);
                    }
                    writers[week] = null;
                }
            }
        }
    }

    /** The demo's source of {@code feed}, created when missing. */
    private Source source(Feed feed) {
        SourceName name = new SourceName(feed.source());
        return sources.find(name).orElseGet(() -> {
            SourceCreation created = sources.create(name, feed.channel(), null);
            if (created instanceof SourceCreation.Created ok) {
                return ok.source();
            }
            throw new IllegalStateException("cannot create the demo source " + name + ": " + ((SourceCreation.Refused) created).reason());
        });
    }

    private static void deleteQuietly(Path directory) {
        try {
            Directories.delete(directory);
        } catch (IOException e) {
            log.warn("Could not delete the demo's working directory {}: {}", directory, e.getMessage());
        }
    }
}
