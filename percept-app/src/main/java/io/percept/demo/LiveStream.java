package io.percept.demo;

import io.percept.demo.world.Feed;
import io.percept.demo.world.LiveActivity;
import io.percept.demo.world.World;
import io.percept.ingest.IngestResult;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's live stream: the world's customers' {@link LiveActivity} at a steady rate, through the
 * same ingest path and sources as the history (validation, deduplication, durable append), so the
 * rules see it as they would see a company's live traffic. Runs on one daemon thread, a batch per
 * feed every {@value #TICK_MILLIS} ms; can be stopped and started again. Thread-safe.
 */
public final class LiveStream implements AutoCloseable {

    static final long TICK_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

    /**
     * Where the stream stands.
     *
     * @param running whether it sends
     * @param rate    messages a second while running
     * @param sent    messages stored since start, by kind ({@code CART_ADDED}, {@code COMPLAINT}, ...)
     * @param refused messages the ingest path refused or failed to store
     */
    public record Status(boolean running, double rate, Map<String, Long> sent, long refused) {
    }

    private final Ingestion ingestion;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private LiveActivity activity;
    private Function<Feed, Source> sources;
    private double rate;
    private double due;
    private long refused;

    LiveStream(Ingestion ingestion, Clock clock) {
        this.ingestion = ingestion;
        this.clock = clock;
    }

    /** Starts sending the live activity of {@code world}'s customers, {@code rate} messages a second, through {@code sources}. */
    synchronized void start(World world, double rate, Function<Feed, Source> sources) {
        this.activity = new LiveActivity(world, world.settings().seed() ^ clock.millis());
        this.sources = sources;
        resume(rate);
        log.info("Demo live stream: {} messages a second from the demo's customers (carts, orders, reviews, complaints, device errors)", rate);
    }

    /**
     * Sends again (or at another rate) after a {@link #stop()}.
     *
     * @return false when there is nothing to send: the demo world is not loaded
     */
    public synchronized boolean resume(double rate) {
        if (!(rate > 0 && rate <= 1000)) {
            throw new IllegalArgumentException("a live rate is more than 0 and at most 1000 messages a second, was " + rate);
        }
        if (activity == null) {
            return false;
        }
        this.rate = rate;
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "demo-live");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Stops sending; what was sent stays. */
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    public synchronized Status status() {
        Map<String, Long> sent = new TreeMap<>();
        if (activity != null) {
            activity.sent().forEach((kind, count) -> sent.put(kind.name(), count));
        }
        return new Status(executor != null, executor != null ? rate : 0, sent, refused);
    }

    private void tick() {
        Map<Feed, List<Map<String, Object>>> batches = new EnumMap<>(Feed.class);
        Map<Feed, Source> feeds = new EnumMap<>(Feed.class);
        synchronized (this) {
            due += rate * TICK_MILLIS / 1000.0;
            for (; due >= 1; due--) {
                LiveActivity.Message message = activity.next(clock.instant());
                batches.computeIfAbsent(message.feed(), feed -> new ArrayList<>()).add(message.message());
            }
            batches.keySet().forEach(feed -> feeds.put(feed, sources.apply(feed)));
        }
        for (Map.Entry<Feed, List<Map<String, Object>>> batch : batches.entrySet()) {
            try {
                IngestResult result = ingestion.ingest(feeds.get(batch.getKey()), batch.getValue(), null).join();
                if (result instanceof IngestResult.Rejected rejected) {
                    countRefused(batch.getValue().size());
                    log.warn("A live demo message was refused: {} {} ({})", rejected.field(), rejected.reason(), batch.getValue().get(rejected.index()));
                }
            } catch (RuntimeException e) {
                countRefused(batch.getValue().size());
                log.warn("Live demo messages could not be stored: {}", e.getMessage());
            }
        }
    }

    private synchronized void countRefused(int messages) {
        refused += messages;
    }

    @Override
    public void close() {
        stop();
    }
}
