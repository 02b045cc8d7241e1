package io.percept.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The newest events by time: the bound keeps the newest whatever the order, ties included, and snapshots round-trip. */
class RecentEventsTests {

    private static final long SECOND = 1_000_000L;

    @Test
    void keepsTheNewestWithTiesBrokenByNameNotByArrivalAndRoundTrips() throws Exception {
        List<Object[]> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(new Object[] {(i / 4) * SECOND, "Event " + (char) ('a' + i % 4)});
        }
        RecentEvents forward = new RecentEvents();
        all.forEach(event -> forward.add((long) event[0], (String) event[1], EventType.TRACK, Channel.WEB));
        Collections.shuffle(all, new java.util.Random(3));
        RecentEvents shuffled = new RecentEvents();
        all.forEach(event -> shuffled.add((long) event[0], (String) event[1], EventType.TRACK, Channel.WEB));

        assertThat(forward.since(0, null, null, null)).isEqualTo(RecentEvents.CAPACITY);
        assertThat(forward.since(9 * SECOND, null, null, null)).as("seconds 9..24 whole: 64 events").isEqualTo(64);
        assertThat(forward.since(0, "EVENT A", null, null)).as("second 9 kept whole").isEqualTo(16);
        for (String name : List.of("Event a", "Event b", "Event c", "Event d")) {
            assertThat(shuffled.since(0, name, null, null)).as(name).isEqualTo(forward.since(0, name, null, null));
        }
        assertThat(forward.truncatedBefore(0)).isTrue();
        assertThat(forward.truncatedBefore(9 * SECOND)).isFalse();

        RecentEvents tied = new RecentEvents();
        for (int i = 0; i < 70; i++) {
            tied.add(5 * SECOND, i % 2 == 0 ? "b" : "a", EventType.TRACK, Channel.APP);
        }
        assertThat(tied.since(0, "b", null, null)).as("at one second the name decides: b after a").isEqualTo(35);
        assertThat(tied.since(0, "a", null, null)).isEqualTo(29);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        shuffled.write(new DataOutputStream(bytes));
        RecentEvents read = RecentEvents.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.since(12 * SECOND, "event c", EventType.TRACK, Channel.WEB)).isEqualTo(shuffled.since(12 * SECOND, "event c", null, null));
        assertThat(read.since(0, null, EventType.PAGE, null)).isZero();
        RecentEvents merged = new RecentEvents();
        merged.mergeFrom(read);
        merged.mergeFrom(forward);
        assertThat(merged.since(0, null, null, null)).isEqualTo(RecentEvents.CAPACITY);
        assertThat(merged.since(9 * SECOND, "Event b", null, null)).isEqualTo(forward.since(9 * SECOND, "Event b", null, null));
    }

    @Test
    void timesBeforeTheEpochOrFarAheadAreClampedNotWrapped() {
        RecentEvents events = new RecentEvents();
        events.add(-5 * SECOND, "past", EventType.TRACK, Channel.WEB);
        events.add(Long.MAX_VALUE, "future", EventType.TRACK, Channel.WEB);

        assertThat(events.since(0, "past", null, null)).isEqualTo(1);
        assertThat(events.since(SECOND, "past", null, null)).as("before the window").isZero();
        assertThat(events.since(13_000_000_000L * SECOND, "future", null, null)).as("counted in a window starting in the 25th century").isEqualTo(1);
        assertThat(events.since(13_000_000_000L * SECOND, "past", null, null)).isZero();
    }
}
