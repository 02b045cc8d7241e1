package io.percept.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.SourceName;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-source ingest counters: kept in memory, mirrored to Prometheus
 * ({@code percept_ingest_events_total{source,outcome}},
 * {@code percept_ingest_rejections_total{source,reason}}), and flushed to table
 * {@code source_counters} by {@link #flush()} (every few seconds and at shutdown).
 */
public class IngestCounters {

    static final String REQUESTS = "requests";
    static final String RECEIVED = "received";
    static final String ACCEPTED = "accepted";
    static final String DUPLICATES = "duplicates";
    static final String REJECTED = "rejected";
    static final String REJECTED_BY = "rejected:";

    private static final Logger log = LoggerFactory.getLogger(IngestCounters.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Map<String, Map<String, Long>> persisted = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> pending = new ConcurrentHashMap<>();

    IngestCounters(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meters = meters;
        jdbc.sql("SELECT source, counter, value FROM source_counters").query(row -> {
            persisted.computeIfAbsent(row.getString(1), s -> new ConcurrentHashMap<>()).merge(row.getString(2), row.getLong(3), Long::sum);
        });
    }

    void request(SourceName source) {
        add(source, REQUESTS, 1);
    }

    void received(SourceName source, long messages) {
        add(source, RECEIVED, messages);
    }

    void accepted(SourceName source, long messages) {
        add(source, ACCEPTED, messages);
        eventCounter(source, "accepted").increment(messages);
    }

    void duplicates(SourceName source, long messages) {
        add(source, DUPLICATES, messages);
        eventCounter(source, "duplicate").increment(messages);
    }

    /**
     * Counts a refusal: one under {@code reason}, and {@code messages} refused messages (0 when the
     * request could not be read far enough to count them).
     */
    void rejected(SourceName source, String reason, long messages) {
        add(source, REJECTED_BY + reason, 1);
        add(source, REJECTED, messages);
        eventCounter(source, "rejected").increment(messages);
        Counter.builder("percept.ingest.rejections").tag("source", source.value()).tag("reason", reason)
                .description("Refused requests and import rows by reason").register(meters).increment();
    }

    /** Counts an import: its files as requests, its rows as received, rejected rows under {@code import_row}. */
    void imported(SourceName source, int files, ImportReport report) {
        add(source, REQUESTS, files);
        received(source, report.rows());
        accepted(source, report.accepted());
        duplicates(source, report.duplicates());
        if (report.rejected() > 0) {
            add(source, REJECTED_BY + "import_row", report.rejected());
            add(source, REJECTED, report.rejected());
            eventCounter(source, "rejected").increment(report.rejected());
        }
    }

    /**
     * The source's counters: persisted totals plus what has not been flushed yet. Synchronized with
     * {@link #flush()}, which takes counts out of the pending ones before adding them to the
     * persisted ones: a read in between would miss them.
     */
    public synchronized SourceStats stats(SourceName source) {
        Map<String, Long> totals = new TreeMap<>(persisted.getOrDefault(source.value(), Map.of()));
        pending.getOrDefault(source.value(), Map.of()).forEach((counter, adder) -> totals.merge(counter, adder.sum(), Long::sum));
        Map<String, Long> byReason = new TreeMap<>();
        totals.forEach((counter, value) -> {
            if (counter.startsWith(REJECTED_BY)) {
                byReason.put(counter.substring(REJECTED_BY.length()), value);
            }
        });
        return new SourceStats(source.value(), totals.getOrDefault(REQUESTS, 0L), totals.getOrDefault(RECEIVED, 0L),
                totals.getOrDefault(ACCEPTED, 0L), totals.getOrDefault(DUPLICATES, 0L), totals.getOrDefault(REJECTED, 0L), byReason);
    }

    private java.util.concurrent.ScheduledExecutorService flusher;

    /** Starts flushing every {@code interval}. */
    void start(java.time.Duration interval) {
        flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-counters");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic flush and flushes what is left. */
    void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flush();
    }

    /** Writes the counts gathered since the last flush to the store, in one transaction. */
    public synchronized void flush() {
        Map<String, Map<String, Long>> deltas = new TreeMap<>();
        pending.forEach((source, counters) -> counters.forEach((counter, adder) -> {
            long delta = adder.sumThenReset();
            if (delta != 0) {
                deltas.computeIfAbsent(source, s -> new TreeMap<>()).put(counter, delta);
            }
        }));
        if (deltas.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> deltas.forEach((source, counters) -> counters.forEach((counter, delta) -> {
                int updated = jdbc.sql("UPDATE source_counters SET value = value + ? WHERE source = ? AND counter = ?")
                        .params(delta, source, counter).update();
                if (updated == 0) {
                    jdbc.sql("INSERT INTO source_counters (source, counter, value) VALUES (?, ?, ?)").params(source, counter, delta).update();
                }
            })));
            deltas.forEach((source, counters) -> counters.forEach((counter, delta) ->
                    persisted.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).merge(counter, delta, Long::sum)));
        } catch (RuntimeException e) {
            log.warn("Flushing ingest counters failed, they stay in memory: {}", e.getMessage());
            deltas.forEach((source, counters) -> counters.forEach((counter, delta) -> adder(source, counter).add(delta)));
        }
    }

    private void add(SourceName source, String counter, long amount) {
        if (amount != 0) {
            adder(source.value(), counter).add(amount);
        }
    }

    private LongAdder adder(String source, String counter) {
        return pending.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).computeIfAbsent(counter, c -> new LongAdder());
    }

    private Counter eventCounter(SourceName source, String outcome) {
        return Counter.builder("percept.ingest.events").tag("source", source.value()).tag("outcome", outcome)
                .description("Messages by outcome").register(meters);
    }
}
