package io.percept.segmentation;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.SourceName;
import io.percept.profile.ProfileReader;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in which segment, kept up to date as profiles change, in either mode: the mode reports the
 * profiles that changed ({@link ChangedProfiles}), and every few hundred milliseconds each segment is
 * evaluated on them; a profile that starts or stops matching gets a {@value #ENTERED} or
 * {@value #EXITED} event appended to the log (source {@code percept-segments}, channel {@code system},
 * the profile's user or anonymous id). A full evaluation (at start, for new or changed definitions,
 * and every recompute interval) catches what time alone changes ({@code within 30d}, events falling
 * out of {@code events(7d)}), records the size and stores the members ({@link SegmentMembers}), so a
 * restart emits what changed while it was down. Profiles added or removed by hand
 * ({@link SegmentNames}: their membership tags) count as the definition does.
 *
 * <p>One instance keeps membership at a time ({@code keeps}: always in embedded mode, the holder of
 * the cluster role in cluster mode). An instance that stops keeping it forgets what it knew; when it
 * keeps it again it starts from the stored members, as after a restart. All work runs on one thread
 * (the segments executor).
 */
final class SegmentMembership {

    static final String ENTERED = "Segment Entered";
    static final String EXITED = "Segment Exited";
    static final SourceName SOURCE = new SourceName("percept-segments");
    private static final Logger log = LoggerFactory.getLogger(SegmentMembership.class);
    private static final int APPEND_BATCH = 1000;

    private record Live(String definition, Membership membership, Set<Long> members) {
    }

    /** A profile that entered or exited a segment; {@code initial}: the segment is new or redefined. */
    private record Move(String what, String segment, long profile, boolean initial) {
    }

    private final Segments segments;
    private final ProfileReader profiles;
    private final ChangedProfiles changes;
    private final SegmentMembers stored;
    private final PartitionedLog eventLog;
    private final BooleanSupplier keeps;
    private final Clock clock;
    private final Map<String, Live> live = new HashMap<>();

    /**
     * @param keeps whether this instance keeps membership now; asked before each piece of work
     */
    SegmentMembership(Segments segments, ProfileReader profiles, ChangedProfiles changes, SegmentMembers stored, PartitionedLog eventLog,
            BooleanSupplier keeps, Clock clock) {
        this.segments = segments;
        this.profiles = profiles;
        this.changes = changes;
        this.stored = stored;
        this.eventLog = eventLog;
        this.keeps = keeps;
        this.clock = clock;
    }

    /**
     * Brings the segments in line with the stored definitions (new or changed ones evaluated in full,
     * deleted ones dropped), then applies the profile changes reported since the last call.
     */
    synchronized void update() {
        if (!keeps.getAsBoolean()) {
            if (!live.isEmpty()) {
                log.info("This instance no longer keeps segment membership");
            }
            live.clear();
            changes.forget();
            return;
        }
        if (!changes.ready()) {
            return;
        }
        Map<String, String> definitions = segments.definitions();
        live.keySet().removeIf(name -> !definitions.containsKey(name));
        definitions.forEach((name, definition) -> {
            Live current = live.get(name);
            if (current == null || !current.definition().equals(definition)) {
                Set<Long> before = current != null ? current.members() : stored.stored(name);
                // a new segment (never evaluated) or a new definition: its events say so
                boolean initial = current != null || segments.history(name, 1).isEmpty();
                full(name, definition, before, initial);
            }
        });
        ChangedProfiles.Batch batch = changes.take();
        Map<String, Set<Long>> entered = new HashMap<>();
        Map<String, Set<Long>> exited = new HashMap<>();
        if (!batch.gone().isEmpty()) {
            // merged or erased: the person lives on in another profile (reported as changed) or is gone; no event
            live.forEach((name, segment) -> batch.gone().stream().filter(segment.members()::remove)
                    .forEach(id -> exited.computeIfAbsent(name, key -> new HashSet<>()).add(id)));
        }
        List<Move> moves = new ArrayList<>();
        if (!batch.changed().isEmpty()) {
            long[] ids = batch.changed().stream().mapToLong(Long::longValue).toArray();
            live.forEach((name, segment) -> {
                Set<Long> in = segments.membersAmong(segment.membership(), ids);
                for (long id : ids) {
                    boolean now = in.contains(id);
                    boolean was = segment.members().contains(id);
                    if (now && !was) {
                        segment.members().add(id);
                        moves.add(new Move(ENTERED, name, id, false));
                        entered.computeIfAbsent(name, key -> new HashSet<>()).add(id);
                    } else if (!now && was) {
                        segment.members().remove(id);
                        moves.add(new Move(EXITED, name, id, false));
                        exited.computeIfAbsent(name, key -> new HashSet<>()).add(id);
                    }
                }
            });
        }
        if (append(moves)) {
            Set<String> moved = new HashSet<>(entered.keySet());
            moved.addAll(exited.keySet());
            moved.forEach(name -> stored.changed(name, entered.getOrDefault(name, Set.of()), exited.getOrDefault(name, Set.of())));
        }
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
        List<Move> moves = new ArrayList<>();
        for (long id : members) {
            now.add(id);
            if (!before.contains(id)) {
                moves.add(new Move(ENTERED, name, id, initial));
            }
        }
        for (long id : before) {
            if (!now.contains(id)) {
                moves.add(new Move(EXITED, name, id, initial));
            }
        }
        live.put(name, new Live(definition, membership, now));
        boolean appended = append(moves);
        segments.recordSize(name, members.length, profiles.count(), Math.round(millis * 100) / 100.0);
        if (appended) {
            stored.store(name, members);
        }
    }

    /**
     * Appends the moves' events (those of profiles without a user or anonymous id, or merged away, are
     * left out); false when some could not be appended, so the stored members stay behind and the next
     * to start from them emits those again.
     */
    private boolean append(List<Move> moves) {
        boolean all = true;
        for (int from = 0; from < moves.size(); from += APPEND_BATCH) {
            List<Move> slice = moves.subList(from, Math.min(moves.size(), from + APPEND_BATCH));
            Map<Long, String[]> ids = profiles.eventIds(slice.stream().mapToLong(Move::profile).distinct().toArray());
            Instant now = clock.instant();
            List<Event> events = new ArrayList<>(slice.size());
            for (Move move : slice) {
                String[] pair = ids.get(move.profile());
                if (pair != null) {
                    events.add(event(move, pair, now));
                }
            }
            if (events.isEmpty()) {
                continue;
            }
            try {
                eventLog.appendAll(events).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                log.warn("Could not append {} segment membership events: {}", events.size(), e.toString());
                all = false;
            }
        }
        return all;
    }

    private static Event event(Move move, String[] ids, Instant now) {
        return Event.builder(EventType.TRACK, new MessageId(UUID.randomUUID().toString()), SOURCE, Channel.SYSTEM).name(move.what())
                .userId(ids[0]).anonymousId(ids[1]).properties(Attributes.copyOf(move.initial()
                        ? Map.of("segment", move.segment(), "profile_id", move.profile(), "initial", true)
                        : Map.of("segment", move.segment(), "profile_id", move.profile())))
                .timestamp(now).receivedAt(now).build();
    }
}
