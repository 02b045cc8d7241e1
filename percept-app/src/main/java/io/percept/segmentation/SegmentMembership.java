package io.percept.segmentation;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.profile.Profiles;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.segmentation.domain.Membership;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who is in which segment, kept up to date as profiles change: the unify processor reports the
 * profiles each batch changed, and every few hundred milliseconds each segment is evaluated on
 * them; a profile that starts or stops matching gets a {@value #ENTERED} or {@value #EXITED} event
 * appended to the log (source {@code percept-segments}, channel {@code system}, the profile's user
 * or anonymous id). A full evaluation (at start, for new or changed definitions, and every
 * recompute interval) catches what time alone changes ({@code within 30d}, events falling out of
 * {@code events(7d)}), records the size and
 * stores the members, so a restart emits what changed while it was down. Profiles added or removed
 * by hand ({@link SegmentNames}: their membership tags) count as the definition does. All work runs
 * on one thread (the segments executor).
 */
final class SegmentMembership {

    static final String ENTERED = "Segment Entered";
    static final String EXITED = "Segment Exited";
    static final SourceName SOURCE = new SourceName("percept-segments");
    private static final Logger log = LoggerFactory.getLogger(SegmentMembership.class);
    private static final int APPEND_BATCH = 1000;

    private record Live(String definition, Membership membership, Set<Long> members) {
    }

    private final Segments segments;
    private final EventLog eventLog;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Live> live = new HashMap<>();
    private final ConcurrentLinkedQueue<long[]> changed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> gone = new ConcurrentLinkedQueue<>();
    private final Profiles profiles;
    /** The log's head when membership first looked, -1 before; 0 once the profiles reached it. */
    private long startHead = -1;

    SegmentMembership(Segments segments, Profiles profiles, EventLog eventLog, JdbcClient jdbc, Clock clock) {
        this.segments = segments;
        this.profiles = profiles;
        this.eventLog = eventLog;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Starts listening to profile changes. */
    void listen() {
        profiles.onChanges((changedIds, goneIds) -> {
            if (changedIds.length > 0) {
                changed.add(changedIds);
            }
            if (goneIds.length > 0) {
                gone.add(goneIds);
            }
        });
    }

    /**
     * Whether the profiles have caught up with the log as it was when this first asked: before that
     * (a replay after a start) they are not yet what the stored members are compared with.
     */
    private boolean caughtUp() {
        if (startHead < 0) {
            startHead = eventLog.head();
        }
        if (profiles.position() < startHead) {
            return false;
        }
        startHead = 0;
        return true;
    }

    /**
     * Brings the segments in line with the stored definitions (new or changed ones evaluated in full,
     * deleted ones dropped), then applies the profile changes reported since the last call.
     */
    synchronized void update() {
        if (!caughtUp()) {
            return;
        }
        Map<String, String> definitions = segments.definitions();
        live.keySet().removeIf(name -> !definitions.containsKey(name));
        definitions.forEach((name, definition) -> {
            Live current = live.get(name);
            if (current == null || !current.definition().equals(definition)) {
                Set<Long> before = current != null ? current.members() : stored(name);
                // a new segment (never evaluated) or a new definition: its events say so
                boolean initial = current != null || segments.history(name, 1).isEmpty();
                full(name, definition, before, initial);
            }
        });
        Set<Long> goneIds = new HashSet<>();
        for (long[] ids; (ids = gone.poll()) != null; ) {
            for (long id : ids) {
                goneIds.add(id);
            }
        }
        Set<Long> changedIds = new HashSet<>();
        for (long[] ids; (ids = changed.poll()) != null; ) {
            for (long id : ids) {
                changedIds.add(id);
            }
        }
        if (!goneIds.isEmpty()) {
            // merged or erased: the person lives on in another profile (reported as changed) or is gone; no event
            for (Live segment : live.values()) {
                segment.members().removeAll(goneIds);
            }
        }
        if (changedIds.isEmpty() || live.isEmpty()) {
            return;
        }
        long[] ids = changedIds.stream().mapToLong(Long::longValue).toArray();
        List<Event> events = new ArrayList<>();
        live.forEach((name, segment) -> {
            Set<Long> in = segments.membersAmong(segment.membership(), ids);
            for (long id : ids) {
                boolean now = in.contains(id);
                boolean was = segment.members().contains(id);
                if (now && !was) {
                    segment.members().add(id);
                    event(ENTERED, name, id, false, events);
                } else if (!now && was) {
                    segment.members().remove(id);
                    event(EXITED, name, id, false, events);
                }
            }
        });
        append(events);
    }

    /** Evaluates every segment in full: membership changes, sizes, stored members. */
    synchronized void recomputeAll() {
        update();
        for (Map.Entry<String, Live> entry : new ArrayList<>(live.entrySet())) {
            full(entry.getKey(), entry.getValue().definition(), entry.getValue().members(), false);
        }
    }

    /** Evaluates a segment over every profile; {@code initial}: it is new or redefined, and its events carry {@code initial: true}. */
    private void full(String name, String definition, Set<Long> before, boolean initial) {
        Membership membership;
        try {
            membership = segments.membership(name, definition);
        } catch (IllegalArgumentException e) {
            log.warn("Segment {} no longer parses and is not evaluated: {}", name, e.getMessage());
            return;
        }
        long started = System.nanoTime();
        long[] members = segments.members(membership);
        double millis = (System.nanoTime() - started) / 1e6;
        Set<Long> now = new HashSet<>(members.length * 4 / 3 + 1);
        List<Event> events = new ArrayList<>();
        for (long id : members) {
            now.add(id);
            if (!before.contains(id)) {
                event(ENTERED, name, id, initial, events);
            }
        }
        for (long id : before) {
            if (!now.contains(id)) {
                event(EXITED, name, id, initial, events);
            }
        }
        live.put(name, new Live(definition, membership, now));
        append(events);
        segments.recordSize(name, members.length, profiles.count(), Math.round(millis * 100) / 100.0);
        store(name, members);
    }

    private void event(String what, String segment, long profile, boolean initial, List<Event> into) {
        String[] ids = profiles.eventIds(profile).orElse(null);
        if (ids == null) {
            return;
        }
        Instant now = clock.instant();
        into.add(Event.builder(EventType.TRACK, new MessageId(UUID.randomUUID().toString()), SOURCE, Channel.SYSTEM).name(what)
                .userId(ids[0]).anonymousId(ids[1]).properties(Attributes.copyOf(initial
                        ? Map.of("segment", segment, "profile_id", profile, "initial", true) : Map.of("segment", segment, "profile_id", profile)))
                .timestamp(now).receivedAt(now).build());
    }

    private void append(List<Event> events) {
        for (int from = 0; from < events.size(); from += APPEND_BATCH) {
            List<Event> slice = events.subList(from, Math.min(events.size(), from + APPEND_BATCH));
            try {
                eventLog.append(List.copyOf(slice)).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("Could not append {} segment membership events: {}", slice.size(), e.toString());
            }
        }
    }

    private Set<Long> stored(String name) {
        return new HashSet<>(jdbc.sql("SELECT profile_id FROM segment_members WHERE name = ?").param(name).query(Long.class).list());
    }

    private void store(String name, long[] members) {
        jdbc.sql("DELETE FROM segment_members WHERE name = ?").param(name).update();
        if (members.length == 0) {
            return;
        }
        StringBuilder values = new StringBuilder();
        for (int from = 0; from < members.length; from += 10_000) {
            values.setLength(0);
            for (int i = from; i < Math.min(members.length, from + 10_000); i++) {
                values.append(i > from ? "," : "").append(members[i]);
            }
            jdbc.sql("INSERT INTO segment_members SELECT ?, unnest([" + values + "])").param(name).update();
        }
    }
}
