package io.percept.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class EventCountsProcessorTests {

    @TempDir
    Path dir;

    private static LoggedEvent at(long seq, String instant, Channel channel, EventType type) {
        Event.Builder builder = Event.builder(type, new MessageId("m" + seq), new SourceName("s1"), channel).userId("u")
                .timestamp(Instant.parse(instant));
        if (type == EventType.TRACK) {
            builder.name("E");
        }
        return new LoggedEvent(seq, builder.build());
    }

    @Test
    void countsPerBusinessDayChannelTypeAndSourceAcrossBatches() throws Exception {
        EventCountsProcessor processor = new EventCountsProcessor(ZoneId.of("Asia/Shanghai"));
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            // 2026-11-26T17:00Z is already 2026-11-27 01:00 in Shanghai
            processor.process(List.of(at(1, "2026-11-26T15:00:00Z", Channel.WEB, EventType.TRACK),
                    at(2, "2026-11-26T17:00:00Z", Channel.WEB, EventType.TRACK),
                    at(3, "2026-11-26T18:00:00Z", Channel.STORE, EventType.IDENTIFY)), connection);
            processor.process(List.of(at(4, "2026-11-27T02:00:00Z", Channel.WEB, EventType.TRACK)), connection);
            connection.commit();

            EventVolumes volumes = new EventCounts(JdbcClient.create(store.dataSource()))
                    .volumes(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));

            assertThat(volumes.total()).isEqualTo(4);
            assertThat(volumes.days()).containsExactly(new EventVolumes.DayVolume(LocalDate.parse("2026-11-26"), 1),
                    new EventVolumes.DayVolume(LocalDate.parse("2026-11-27"), 3));
            assertThat(volumes.byChannel()).containsExactly(java.util.Map.entry("web", 3L), java.util.Map.entry("store", 1L));
            assertThat(volumes.byType()).containsEntry("identify", 1L).containsEntry("track", 3L);
            assertThat(volumes.bySource()).containsOnly(java.util.Map.entry("s1", 4L));
        }
    }

    @Test
    void aBatchRolledBackIsCountedOnceWhenDeliveredAgain() throws Exception {
        EventCountsProcessor processor = new EventCountsProcessor(ZoneId.of("Asia/Shanghai"));
        List<LoggedEvent> batch = List.of(at(1, "2026-11-26T10:00:00Z", Channel.WEB, EventType.TRACK), at(2, "2026-11-26T11:00:00Z", Channel.WEB,
                EventType.TRACK));
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            processor.process(batch, connection);
            connection.rollback();
            processor.process(batch, connection);
            connection.commit();

            EventVolumes volumes = new EventCounts(JdbcClient.create(store.dataSource()))
                    .volumes(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-26"));
            assertThat(volumes.total()).as("the rolled-back batch's staged rows are not counted with its retry").isEqualTo(2);
        }
    }
}
