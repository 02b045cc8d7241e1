package io.percept.eventlog.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.TestEvents;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import io.percept.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once effect under crashes: a child JVM runs a (deliberately slow) counting processor over
 * 40,000 events and is killed with SIGKILL at a random moment after it starts, six times; each
 * restart resumes from the checkpoint committed with the counts. In the end every event is
 * counted once.
 */
class ProcessorCrashIT {

    private static final int EVENTS = 40_000;
    private static final int CYCLES = 6;

    @TempDir
    Path dir;

    @Test
    void aCountingProcessorKilledRepeatedlyCountsEveryEventOnce() throws Exception {
        long seed = Long.getLong("percept.crash.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Path data = dir.resolve("data");
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry())) {
            for (int i = 0; i < EVENTS / 1000; i++) {
                log.append(TestEvents.someTracks(1000)).join();
            }
        }

        List<Long> countsAfterKills = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            Path childLog = dir.resolve("child-" + cycle + ".log");
            Process child = ChildJvm.start(ProcessingChild.class, childLog, data.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(childLog).contains("started") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child %d is running (see %s)", cycle, childLog).isTrue();
            Thread.sleep(200 + random.nextInt(700));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long[] counted = stored(data);
            assertThat(counted[0]).as("count after kill %d (seed %d, see %s)", cycle, seed, childLog).isBetween(0L, (long) EVENTS);
            if (!countsAfterKills.isEmpty()) {
                assertThat(counted[0]).as("counts never go back (seed %d)", seed).isGreaterThanOrEqualTo(countsAfterKills.get(countsAfterKills.size() - 1));
            }
            countsAfterKills.add(counted[0]);
        }
        assertThat(countsAfterKills).as("kills landed mid-way (seed %d): %s", seed, countsAfterKills)
                .filteredOn(count -> count > 0 && count < EVENTS).hasSizeGreaterThanOrEqualTo(3);

        Path finalLog = dir.resolve("child-final.log");
        Process finisher = ChildJvm.start(ProcessingChild.class, finalLog, data.toString(), "finish");
        assertThat(finisher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(finisher.exitValue()).as(Files.readString(finalLog)).isZero();
        assertThat(stored(data)).as("events and sum of seqs (seed %d)", seed).containsExactly(EVENTS, (long) EVENTS * (EVENTS + 1) / 2);
        System.out.printf("processor crash test: counts after %d kills %s, final %d, seed %d%n", CYCLES, countsAfterKills, EVENTS, seed);
    }

    private static long[] stored(Path data) throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS); Connection connection = store.connect()) {
            return CountingProcessor.stored(connection, "counting");
        }
    }
}
