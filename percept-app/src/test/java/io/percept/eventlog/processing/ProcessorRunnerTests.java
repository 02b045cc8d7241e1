package io.percept.eventlog.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.TestEvents;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

class ProcessorRunnerTests {

    private static final EventLogSettings.Processors FAST = new EventLogSettings.Processors(true, 100, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ZERO);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EmbeddedStore store;
    private DuckDbEventLog log;
    private ProcessorRunner runner;

    @BeforeEach
    void open() throws Exception {
        store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        log = new DuckDbEventLog(store, EventLogSettings.defaults(), meters);
        try (Connection connection = store.connect()) {
            CountingProcessor.createTable(connection);
        }
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.stop();
        }
        log.close();
        store.close();
    }

    private ProcessorRunner start(LogProcessor... processors) {
        runner = new ProcessorRunner(List.of(processors), log, store, FAST, meters);
        runner.start();
        return runner;
    }

    private long[] stored(String processor) throws Exception {
        try (Connection connection = store.connect()) {
            return CountingProcessor.stored(connection, processor);
        }
    }

    @Test
    void feedsEveryEventOnceInOrderAndCommitsTheCheckpointWithTheState() throws Exception {
        List<Long> seen = new ArrayList<>();
        CountingProcessor counting = new CountingProcessor("counting");
        LogProcessor recording = new LogProcessor() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void process(List<LoggedEvent> batch, Connection connection) {
                batch.forEach(event -> seen.add(event.seq()));
            }
        };
        log.append(TestEvents.someTracks(250)).join();
        start(counting, recording);
        log.append(TestEvents.someTracks(250)).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("counting")[0] == 500 && seen.size() == 500);
        assertThat(seen).isSorted().doesNotHaveDuplicates().first().isEqualTo(1L);
        assertThat(stored("counting")[1]).isEqualTo(500L * 501 / 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> new ProcessorsHealthIndicator(runner).health().getStatus().equals(Status.UP));
    }

    @Test
    void resumesFromItsCheckpointWithoutCountingTwice() throws Exception {
        log.append(TestEvents.someTracks(300)).join();
        start(new CountingProcessor("counting"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("counting")[0] == 300);
        runner.stop();

        log.append(TestEvents.someTracks(200)).join();
        CountingProcessor restarted = new CountingProcessor("counting");
        start(restarted);

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("counting")[0] == 500);
        Thread.sleep(100);
        assertThat(stored("counting")).containsExactly(500, 500L * 501 / 2);
        assertThat(restarted.restores).isEqualTo(1);
    }

    @Test
    void theSameRunnerStopsAndStartsAgainFromItsCheckpoint() throws Exception {
        log.append(TestEvents.someTracks(300)).join();
        CountingProcessor counting = new CountingProcessor("counting");
        start(counting);
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("counting")[0] == 300);
        runner.stop();
        assertThat(runner.isRunning()).isFalse();

        log.append(TestEvents.someTracks(200)).join();
        runner.start(); // as a paused application context is restarted
        assertThat(runner.isRunning()).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("counting")[0] == 500);
        Thread.sleep(100);
        assertThat(stored("counting")).containsExactly(500, 500L * 501 / 2);
        assertThat(counting.restores).as("the state reloaded at each start").isEqualTo(2);
        assertThat(runner.statuses()).singleElement().satisfies(status -> assertThat(status.position()).isEqualTo(500));
    }

    @Test
    void rollsBackAFailedBatchRestoresAndRetriesIt() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountingProcessor flaky = new CountingProcessor("flaky") {
            @Override
            public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
                super.process(batch, connection);
                if (batch.get(0).seq() == 101 && attempts.incrementAndGet() <= 2) {
                    throw new IllegalStateException("simulated failure");
                }
            }
        };
        log.append(TestEvents.someTracks(300)).join();

        start(flaky);

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("flaky")[0] == 300);
        assertThat(stored("flaky")).containsExactly(300, 300L * 301 / 2);
        assertThat(flaky.count).isEqualTo(300);
        assertThat(flaky.restores).isEqualTo(3);
        assertThat(meters.get("percept.processor.failures").tag("processor", "flaky").counter().count()).isEqualTo(2);
    }

    @Test
    void letsBatchesShareATransactionForTheCommitIntervalAndReplaysTheUncommittedOnesAfterAFailure() throws Exception {
        List<Long> committedAt = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        CountingProcessor sharing = new CountingProcessor("sharing") {
            @Override
            public Duration commitInterval() {
                return Duration.ofMillis(300);
            }

            @Override
            public Duration linger() {
                return Duration.ZERO;
            }

            @Override
            public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
                super.process(batch, connection);
                batches.incrementAndGet();
                if (batch.stream().anyMatch(event -> event.seq() == 35) && failures.incrementAndGet() == 1) {
                    throw new IllegalStateException("simulated failure in a shared transaction");
                }
            }

            @Override
            public void committed(long position) {
                committedAt.add(position);
            }
        };
        start(sharing);
        for (int i = 0; i < 6; i++) {
            log.append(TestEvents.someTracks(10)).join();
            Thread.sleep(30);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("sharing")[0] == 60);
        // exactly once despite the failure: the batches after the last commit were rolled back together and applied again
        assertThat(stored("sharing")).containsExactly(60, 60L * 61 / 2);
        assertThat(committedAt).isSorted().last().isEqualTo(60L);
        assertThat(committedAt.size()).as("commits, for %s batches", batches.get()).isLessThan(batches.get() - 1);
        assertThat(sharing.restores).isEqualTo(2);
    }

    @Test
    void retriesARestoreThatFailsAtStart() throws Exception {
        AtomicInteger restoreAttempts = new AtomicInteger();
        CountingProcessor slowToStart = new CountingProcessor("slow-to-start") {
            @Override
            public void restore(Connection connection) throws java.sql.SQLException {
                if (restoreAttempts.incrementAndGet() <= 3) {
                    throw new java.sql.SQLException("state not readable yet");
                }
                super.restore(connection);
            }
        };
        log.append(TestEvents.someTracks(120)).join();

        start(slowToStart);

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("slow-to-start")[0] == 120);
        await().atMost(Duration.ofSeconds(5)).until(() -> new ProcessorsHealthIndicator(runner).health().getStatus().equals(Status.UP));
        assertThat(restoreAttempts.get()).isEqualTo(4);
    }

    @Test
    void reportsAProcessorThatKeepsFailingAsDown() {
        LogProcessor broken = new LogProcessor() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void process(List<LoggedEvent> batch, Connection connection) {
                throw new IllegalStateException("cannot handle seq " + batch.get(0).seq());
            }
        };
        log.append(TestEvents.someTracks(5)).join();

        start(broken);

        await().atMost(Duration.ofSeconds(10)).until(() -> new ProcessorsHealthIndicator(runner).health().getStatus().equals(Status.DOWN));
        var details = (java.util.Map<?, ?>) new ProcessorsHealthIndicator(runner).health().getDetails().get("broken");
        assertThat(details.get("state")).isEqualTo("FAILING");
        assertThat((String) details.get("lastError")).contains("cannot handle seq 1");
        assertThat(details.get("position")).isEqualTo(0L);
    }

    @Test
    void refusesInvalidOrDuplicateNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ProcessorRunner(
                List.of(new CountingProcessor("Bad Name")), log, store, FAST, meters)).withMessageContaining("Bad Name");
        assertThatIllegalArgumentException().isThrownBy(() -> new ProcessorRunner(
                List.of(new CountingProcessor("twin"), new CountingProcessor("twin")), log, store, FAST, meters)).withMessageContaining("twin");
    }

    @Test
    void reportsLagInMetrics() throws Exception {
        log.append(TestEvents.someTracks(50)).join();
        start(new CountingProcessor("counting"));

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("counting")[0] == 50);

        assertThat(meters.get("percept.processor.position").tag("processor", "counting").gauge().value()).isEqualTo(50);
        assertThat(meters.get("percept.processor.lag.events").tag("processor", "counting").gauge().value()).isZero();
        assertThat(meters.get("percept.processor.events").tag("processor", "counting").counter().count()).isEqualTo(50);
    }
}
