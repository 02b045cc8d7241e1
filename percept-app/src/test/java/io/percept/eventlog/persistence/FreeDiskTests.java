package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.TestEvents;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/** The free-disk reserve: appends are refused below it, health says why, and they are accepted again once space is freed. */
class FreeDiskTests {

    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void refusesBelowTheReserveAndRecoversOnceSpaceIsFreedAskingTheDiskAtMostOnceASecond() {
        AtomicLong usable = new AtomicLong(50 * MB);
        AtomicLong now = new AtomicLong();
        AtomicLong asked = new AtomicLong();
        FreeDisk disk = new FreeDisk(100 * MB, () -> {
            asked.incrementAndGet();
            return usable.get();
        }, now::get, "/data");

        assertThat(disk.shortage()).isEqualTo("the disk of /data has only 50 MB free, less than the reserve of 100 MB "
                + "(percept.eventlog.min-free-disk): events are refused until space is freed");
        usable.set(500 * MB);
        now.addAndGet(999_000_000L);
        assertThat(disk.shortage()).as("within the second the last answer stands").isNotNull();
        now.addAndGet(1_000_000L);
        assertThat(disk.shortage()).as("space freed: accepted again").isNull();
        assertThat(asked.get()).isEqualTo(2);

        usable.set(-1);
        now.addAndGet(2_000_000_000L);
        assertThat(disk.shortage()).as("an unknown free space refuses nothing").isNull();
        assertThat(new FreeDisk(0, () -> 0, now::get, "/data").shortage()).as("reserve 0: off").isNull();
    }

    @Test
    void theLogRefusesAppendsWithA503ReasonAndHealthIsDownWhileTheDiskIsShort() {
        EventLogSettings defaults = EventLogSettings.defaults();
        EventLogSettings impossible = new EventLogSettings(defaults.groupCommit(), defaults.maxPendingEvents(), defaults.tailCacheEvents(),
                defaults.processors(), DataSize.ofTerabytes(1L << 20));
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, impossible, new SimpleMeterRegistry())) {
            assertThatThrownBy(() -> log.append(TestEvents.someTracks(3)).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(LogUnavailableException.class).hasMessageContaining("percept.eventlog.min-free-disk");
            assertThat(log.head()).as("nothing stored").isZero();
            assertThat(new EventLogHealthIndicator(log).health().getStatus()).isEqualTo(Status.DOWN);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, defaults, new SimpleMeterRegistry())) {
            assertThat(log.append(TestEvents.someTracks(3)).join().lastSeq()).as("the default reserve, on this disk").isEqualTo(3);
            assertThat(new EventLogHealthIndicator(log).health().getStatus()).isEqualTo(Status.UP);
        }
    }
}
