package io.percept.eventlog;

import io.percept.eventlog.kafka.KafkaEventLog;
import io.percept.eventlog.kafka.KafkaLogSettings;
import io.percept.eventlog.postgres.EventStoreBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The raw engines under cluster mode, measured on the same machine as a cluster benchmark: Kafka
 * appends (the log's transactions, nothing else) and PostgreSQL COPY into the event store.
 */
public final class ClusterBaselines {

    private ClusterBaselines() {
    }

    /**
     * Appends {@code events} generated events of about {@code eventBytes} to a new topic through
     * {@code appenders} threads, {@code batch} events per append; returns events per second.
     */
    public static double kafkaAppends(String bootstrapServers, String topic, int partitions, int events, int eventBytes, int appenders, int batch) {
        List<Event> generated = LogBenchmark.generate(events, eventBytes, 5);
        try (KafkaEventLog log = KafkaEventLog.start(KafkaLogSettings.defaults(bootstrapServers, "baseline").withTopic(topic, partitions))) {
            log.appendAll(generated.subList(0, Math.min(batch, generated.size()))).join();
            AtomicInteger next = new AtomicInteger(batch);
            ExecutorService threads = Executors.newFixedThreadPool(appenders);
            long started = System.nanoTime();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < appenders; i++) {
                done.add(CompletableFuture.runAsync(() -> {
                    int from;
                    while ((from = next.getAndAdd(batch)) < generated.size()) {
                        log.appendAll(generated.subList(from, Math.min(generated.size(), from + batch))).join();
                    }
                }, threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            threads.shutdown();
            return (generated.size() - batch) / seconds;
        }
    }

    /** Events per second written to the event store by COPY and, for comparison, by batched INSERT. */
    public record StoreRates(double copy, double insert) {
    }

    /** COPY against batched INSERT into the event store on {@code dataSource} (a scratch database), {@code events} events. */
    public static StoreRates eventStore(DataSource dataSource, int events) {
        EventStoreBenchmark.Result result = EventStoreBenchmark.run(dataSource, events);
        return new StoreRates(result.copyEventsPerSecond(), result.insertEventsPerSecond());
    }
}
