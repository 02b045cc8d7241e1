package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.TestEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailCacheTests {

    private static List<LoggedEvent> logged(long firstSeq, int count) {
        List<LoggedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new LoggedEvent(firstSeq + i, TestEvents.aTrack("E", "u")));
        }
        return events;
    }

    @Test
    void servesTheNewestEventsInOrder() {
        TailCache cache = new TailCache(8, 0);
        cache.publish(logged(1, 5));

        assertThat(cache.read(2, 10)).extracting(LoggedEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(cache.read(5, 10)).isEmpty();
        assertThat(cache.head()).isEqualTo(5);
    }

    @Test
    void declinesEventsThatWereOverwrittenOrNeverCached() {
        TailCache cache = new TailCache(8, 100);
        cache.publish(logged(101, 12));

        assertThat(cache.read(100, 4)).isNull();
        assertThat(cache.read(104, 8)).extracting(LoggedEvent::seq).containsExactly(105L, 106L, 107L, 108L, 109L, 110L, 111L, 112L);
        assertThat(cache.read(0, 3)).isNull();
    }

    @Test
    void aDisabledCacheOnlyTracksTheHead() {
        TailCache cache = new TailCache(0, 0);
        cache.publish(logged(1, 3));

        assertThat(cache.head()).isEqualTo(3);
        assertThat(cache.read(0, 3)).isNull();
        assertThat(cache.read(3, 3)).isEmpty();
    }
}
