package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.AppendReceipt;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogOverloadedException;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.TestEvents;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded log does beyond the port's contract ({@link DuckDbEventLogContractTests}): group commits, the tail cache, limits, closing. */
class DuckDbEventLogTests {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> open = new ArrayList<>();

    private static EventLogSettings settings(int maxEvents, Duration maxDelay, int maxPending, int tailCache) {
        EventLogSettings defaults = EventLogSettings.defaults();
        return new EventLogSettings(new EventLogSettings.GroupCommit(maxEvents, maxDelay), maxPending, tailCache, defaults.processors());
    }

    private EmbeddedStore store() {
        EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        open.add(store);
        return store;
    }

    private DuckDbEventLog log(EmbeddedStore store, EventLogSettings settings) {
        DuckDbEventLog log = new DuckDbEventLog(store, settings, meters);
        open.add(0, log);
        return log;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void concurrentAppendsShareCommitsAndKeepEachRequestContiguous() throws Exception {
        DuckDbEventLog log = log(store(), settings(10_000, Duration.ofMillis(5), 200_000, 65_536));
        ExecutorService producers = Executors.newFixedThreadPool(8);
        Map<Event, Long> seqByEvent = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int request = 0; request < 200; request++) {
            List<Event> batch = TestEvents.someTracks(25);
            done.add(CompletableFuture.runAsync(() -> {
                AppendReceipt receipt = log.append(batch).join();
                for (int i = 0; i < batch.size(); i++) {
                    seqByEvent.put(batch.get(i), receipt.seqOf(i));
                }
            }, producers));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        producers.shutdown();

        assertThat(log.head()).isEqualTo(5000);
        assertThat(seqByEvent.values()).doesNotHaveDuplicates().allMatch(seq -> seq >= 1 && seq <= 5000);
        try (LogReader reader = log.openReader()) {
            List<LoggedEvent> all = new ArrayList<>();
            for (long after = 0; after < 5000; after = all.get(all.size() - 1).seq()) {
                all.addAll(reader.read(after, 1000));
            }
            assertThat(all).allMatch(logged -> seqByEvent.get(logged.event()) == logged.seq());
        }
        double commits = meters.get("percept.log.commit.batch.events").summary().count();
        assertThat(commits).isLessThan(200);
    }

    @Test
    void readsTheSameEventsFromTheStoreAsFromMemory() {
        EmbeddedStore store = store();
        DuckDbEventLog cached = log(store, EventLogSettings.defaults());
        List<Event> events = new ArrayList<>(TestEvents.oneOfEachType());
        events.addAll(TestEvents.someTracks(100));
        cached.append(events).join();
        List<LoggedEvent> fromMemory;
        try (LogReader reader = cached.openReader()) {
            fromMemory = reader.read(0, 1000);
        }
        cached.close();
        open.remove(cached);

        DuckDbEventLog uncached = log(store, settings(10_000, Duration.ZERO, 1000, 0));
        try (LogReader reader = uncached.openReader()) {
            assertThat(uncached.head()).isEqualTo(events.size());
            assertThat(reader.read(0, 1000)).isEqualTo(fromMemory);
            assertThat(reader.read(100, 3)).extracting(LoggedEvent::seq).containsExactly(101L, 102L, 103L);
        }
    }

    @Test
    void continuesTheSequenceAfterReopening() {
        EmbeddedStore first = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        try (DuckDbEventLog log = new DuckDbEventLog(first, EventLogSettings.defaults(), meters)) {
            log.append(TestEvents.someTracks(7)).join();
        }
        first.close();

        DuckDbEventLog reopened = log(store(), EventLogSettings.defaults());

        assertThat(reopened.head()).isEqualTo(7);
        assertThat(reopened.append(TestEvents.someTracks(1)).join().firstSeq()).isEqualTo(8);
    }

    @Test
    void refusesAppendsBeyondThePendingLimitAtOnce() {
        DuckDbEventLog log = log(store(), settings(10_000, Duration.ofSeconds(2), 100, 1024));
        CompletableFuture<AppendReceipt> first = log.append(TestEvents.someTracks(80));

        CompletableFuture<AppendReceipt> second = log.append(TestEvents.someTracks(40));

        assertThatThrownBy(second::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(LogOverloadedException.class)
                .hasMessageContaining("limit 100");
        assertThat(first.join().count()).isEqualTo(80);
        assertThat(meters.get("percept.log.rejected.events").counter().count()).isEqualTo(40);
    }

    @Test
    void refusesAppendsAfterClosingButCommitsWhatWasQueued() {
        DuckDbEventLog log = log(store(), settings(10_000, Duration.ofMillis(200), 1000, 1024));
        CompletableFuture<AppendReceipt> queued = log.append(TestEvents.someTracks(10));

        log.close();

        assertThat(queued.join().count()).isEqualTo(10);
        assertThatThrownBy(() -> log.append(TestEvents.someTracks(1)).join()).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void everyAppendRacingWithCloseCompletesOneWayOrTheOther() throws Exception {
        DuckDbEventLog log = log(store(), settings(500, Duration.ofMillis(1), 1_000_000, 1024));
        ExecutorService producers = Executors.newFixedThreadPool(6);
        List<CompletableFuture<AppendReceipt>> appends = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(6);
        for (int p = 0; p < 6; p++) {
            producers.execute(() -> {
                started.countDown();
                for (int i = 0; i < 400; i++) {
                    appends.add(log.append(TestEvents.someTracks(5)));
                }
            });
        }
        started.await();
        log.close();
        producers.shutdown();
        assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        long acknowledged = 0;
        for (CompletableFuture<AppendReceipt> append : appends) {
            try {
                acknowledged += append.get(10, TimeUnit.SECONDS).count();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(LogUnavailableException.class);
            }
        }
        assertThat(acknowledged).isEqualTo(log.head());
        assertThat(log.pendingEvents()).isZero();
    }
}
