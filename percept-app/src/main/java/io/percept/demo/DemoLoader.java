package io.percept.demo;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.IngestResult;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import io.percept.ingest.SourceCreation;
import io.percept.ingest.Sources;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Loads the demo history once Percept is ready, through {@link Ingestion} (validation, durable
 * append) with one source per channel, and records the load so a restart does not repeat it.
 */
class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
    private static final int BATCH = 500;

    private final DemoSettings settings;
    private final Sources sources;
    private final Ingestion ingestion;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoLoader(DemoSettings settings, Sources sources, Ingestion ingestion, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.sources = sources;
        this.ingestion = ingestion;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Starts loading in the background once Percept is ready, so it serves while the demo loads. */
    @EventListener(ApplicationReadyEvent.class)
    void loadOnStart() {
        if (settings.load()) {
            Thread loader = new Thread(this::loadOnce, "demo-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** Loads the demo data unless this seed and size were loaded before. */
    void loadOnce() {
        try {
            loadIfNew();
        } catch (RuntimeException e) {
            log.error("Loading the demo data failed: {}", e.getMessage());
        }
    }

    private void loadIfNew() {
        Long loaded = jdbc.sql("SELECT sum(events) FROM demo_loads WHERE seed = ? AND customers = ? AND days = ?")
                .params(settings.seed(), settings.customers(), settings.days()).query(Long.class).optional().orElse(null);
        if (loaded != null) {
            log.info("Demo data already loaded ({} events for {} customers, seed {})", loaded, settings.customers(), settings.seed());
            return;
        }
        log.info("Loading demo data: {} customers over {} days (seed {})", settings.customers(), settings.days(), settings.seed());
        long started = System.nanoTime();
        long events = load(new DemoHistory(settings, clock.instant()).generate());
        jdbc.sql("INSERT INTO demo_loads (seed, customers, days, events, loaded_at) VALUES (?, ?, ?, ?, ?)")
                .params(settings.seed(), settings.customers(), settings.days(), events, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        log.info("Demo data loaded: {} events for {} customers over {} days in {} ms", events, settings.customers(), settings.days(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Ingests every channel's messages through its demo source; returns the events stored. */
    long load(Map<Channel, List<Map<String, Object>>> byChannel) {
        long stored = 0;
        for (Map.Entry<Channel, List<Map<String, Object>>> entry : byChannel.entrySet()) {
            Source source = demoSource(entry.getKey());
            List<Map<String, Object>> messages = entry.getValue();
            for (int from = 0; from < messages.size(); from += BATCH) {
                List<Map<String, Object>> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
                IngestResult result = ingestion.ingest(source, batch, null).join();
                if (result instanceof IngestResult.Rejected rejected) {
                    throw new IllegalStateException("demo message " + (from + rejected.index()) + " of " + source.name()
                            + " was rejected: " + rejected.field() + " " + rejected.reason());
                }
                stored += ((IngestResult.Accepted) result).receipt().count();
            }
        }
        return stored;
    }

    private Source demoSource(Channel channel) {
        SourceName name = new SourceName("demo-" + channel.wireName());
        return sources.find(name).orElseGet(() -> {
            SourceCreation created = sources.create(name, channel, null);
            if (created instanceof SourceCreation.Created ok) {
                return ok.source();
            }
            throw new IllegalStateException("cannot create demo source " + name + ": " + ((SourceCreation.Refused) created).reason());
        });
    }
}
