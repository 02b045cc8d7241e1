package io.percept.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.ingest.dedup.RecentMessageIds;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;

/** Deduplication survives a restart: the window's ids are rebuilt from the log. */
class DeduplicationRestartTests {

    @TempDir
    Path dir;

    private static Event received(String messageId, Instant at) {
        return Event.builder(EventType.TRACK, new MessageId(messageId), new SourceName("shop"), Channel.WEB).userId("u").name("E")
                .receivedAt(at).build();
    }

    @Test
    void idsOfTheLastWindowAreRememberedAfterARestart() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry())) {
            log.append(List.of(received("yesterday-morning", now.minus(Duration.ofHours(30))), received("an-hour-ago", now.minus(Duration.ofHours(1))),
                    received("just-now", now.minusSeconds(5)))).join();

            IngestSettings settings = Binder.get(new org.springframework.core.env.StandardEnvironment())
                    .bindOrCreate("percept.ingest", IngestSettings.class);
            RecentMessageIds ids = new IngestConfiguration().recentMessageIds(log, settings, Clock.fixed(now, ZoneOffset.UTC),
                    new SimpleMeterRegistry());

            assertThat(ids.size()).isEqualTo(2);
            assertThat(ids.firstSeen(RecentMessageIds.fingerprint("shop", "an-hour-ago"), now)).isFalse();
            assertThat(ids.firstSeen(RecentMessageIds.fingerprint("shop", "just-now"), now)).isFalse();
            assertThat(ids.firstSeen(RecentMessageIds.fingerprint("shop", "yesterday-morning"), now)).isTrue();
        }
    }
}
