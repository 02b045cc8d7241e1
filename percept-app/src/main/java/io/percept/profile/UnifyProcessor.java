package io.percept.profile;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import io.percept.identity.domain.Link;
import io.percept.identity.domain.Resolution;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.JsonText;
import io.percept.platform.PersonalData;
import io.percept.platform.PiiCipher;
import io.percept.profile.domain.ProfileState;
import io.percept.profile.domain.TopCounts;
import io.percept.profile.domain.TopicCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unify processor: resolves every event's identity with the {@link io.percept.identity.domain.IdentityGraph},
 * keeps each profile's state, and writes in bulk, in the transaction of its checkpoint, which event
 * belongs under which identifier ({@code event_identities}), the identity audit and (every few
 * seconds) the changed profiles ({@code profiles}). The state itself lives in memory and is
 * snapshotted with its log position; a restart loads the snapshot and replays the log after it.
 */
final class UnifyProcessor implements LogProcessor {

    static final String NAME = "unify";
    /** The source of Percept's own control events (splits, erasures), reserved. */
    /** The source of rules' derived events (the rules module's): its identify events set traits. */
    static final String RULES_SOURCE = "percept-rules";
    static final String CONTROL_SOURCE = SourceName.PERCEPT.value();
    static final String SPLIT = "Identifier Split";
    static final String ERASE = "Profile Erased";
    /** Index prefix of split requests, which name an identifier. */
    private static final String SPLIT_PREFIX = "split:";
    /** Index prefix of Percept's own events about a person (segment membership, rules' events): not in timelines, erased with them. */
    static final String ABOUT_PREFIX = "about:";

    private static final Logger log = LoggerFactory.getLogger(UnifyProcessor.class);
    /** Events applied per hold of the write lock, so lookups wait at most a few milliseconds. */
    private static final int LOCK_CHUNK = 256;

    private final ProfileStore store;
    private final EventLog eventLog;
    private final EmbeddedStore database;
    /** Seals identifiers in event_identities and identity_audit (deterministically: they are looked up by equality). */
    private final PiiCipher cipher;
    private Connection mirrorConnection;
    private final Object mirrorSignal = new Object();
    private Thread mirrorThread;
    private boolean mirrorRequested;
    private boolean mirrorStopping;
    private volatile boolean mirroring;
    /** Whether profiles may have changed since the mirror last took the changed set. */
    private volatile boolean unmirrored;
    private final ProfileSettings settings;
    private final Path snapshotFile;
    private final Object positionSignal = new Object();
    private final Map<Long, ControlOutcome> outcomes = new ConcurrentHashMap<>();
    private volatile long position;
    private long snapshotPosition;
    private long snapshotAtNanos = System.nanoTime();
    /** Set by restore: rows this processor stored for events after this seq are to be deleted first. */
    private long trimAfter = -1;
    private Set<Long> dirty = new HashSet<>();
    /** Profiles changed or gone since listeners were last told (only kept while there are listeners). */
    private final Set<Long> changedSinceNotice = new HashSet<>();
    private final Set<Long> goneSinceNotice = new HashSet<>();
    private final java.util.List<Profiles.ProfileChanges> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<Long> removed = new HashSet<>();
    private volatile long unattributed;
    /** The modules' rows about people, erased with them; read at each erasure. */
    private volatile java.util.function.Supplier<List<PersonalData>> personalData = List::of;
    /** People erased in the batch being processed: told to the modules once it committed. */
    private final List<Erased> erasedInBatch = new ArrayList<>();
    /**
     * People erased whose rows are deleted once more when every other processor has passed the
     * erasure: one that had read their events before the erasure committed may write rows after it.
     */
    private final List<Erased> awaitingProcessors = new ArrayList<>();
    /** The position of the slowest other log processor that is not down. */
    private volatile java.util.function.LongSupplier slowestProcessor = () -> Long.MAX_VALUE;

    /** What a split or an erasure did, for the request that asked for it. */
    record ControlOutcome(String kind, ProfileId profile, boolean done, String problem, Set<ProfileId> profiles, int identifiers,
            int events) {
    }

    /** A person erased by the tombstone at {@code seq}. */
    private record Erased(PersonalData.Person person, long seq) {
    }

    private record IndexRow(long seq, String identifier) {
    }

    private record AuditRow(long seq, long micros, String kind, long profile, Long other, String identifier, String rule, String detail) {
    }

    UnifyProcessor(ProfileStore store, EventLog eventLog, EmbeddedStore database, ProfileSettings settings, Path stateDir) {
        this.store = store;
        this.database = database;
        this.cipher = database.cipher();
        this.eventLog = eventLog;
        this.settings = settings;
        this.snapshotFile = stateDir.resolve("unify.snapshot");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Where the modules keep rows about people ({@link PersonalData}): deleted in the transaction that erases a person. */
    void usePersonalData(java.util.function.Supplier<List<PersonalData>> owners) {
        this.personalData = java.util.Objects.requireNonNull(owners, "owners");
    }

    /** Where the other log processors are, so that rows written behind an erasure are deleted too. */
    void useSlowestProcessor(java.util.function.LongSupplier position) {
        this.slowestProcessor = java.util.Objects.requireNonNull(position, "position");
    }

    /** The modules' rows about people. */
    List<PersonalData> personalData() {
        return personalData.get();
    }

    /** The seq of the last event applied. */
    long position() {
        return position;
    }

    long unattributed() {
        return unattributed;
    }

    /** Waits until the processor has applied the event at {@code seq}; returns whether it has. */
    boolean awaitPosition(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (positionSignal) {
            while (position < seq) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                positionSignal.wait(left);
            }
        }
        return true;
    }

    /** The outcome of the control event at {@code seq}, once applied. */
    Optional<ControlOutcome> outcome(long seq) {
        return Optional.ofNullable(outcomes.remove(seq));
    }

    @Override
    public long restore(Connection connection, long checkpoint) {
        store.writeLock().lock();
        try {
            long resume = 0;
            store.reset();
            if (Files.exists(snapshotFile)) {
                try {
                    long saved = store.load(snapshotFile, cipher);
                    if (saved <= checkpoint) {
                        resume = saved;
                    } else {
                        log.warn("Profile snapshot is at seq {}, after the checkpoint {}: rebuilding from the log", saved, checkpoint);
                        store.reset();
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("Profile snapshot {} not used ({}): rebuilding from the log", snapshotFile, e.getMessage());
                    store.reset();
                }
            }
            if (resume < checkpoint) {
                log.info("Profiles restored at seq {}; replaying to the checkpoint {}", resume, checkpoint);
            }
            trimAfter = resume;
            synchronized (positionSignal) {
                position = resume;
                positionSignal.notifyAll();
            }
            snapshotPosition = resume;
            dirty = new HashSet<>(store.states().keySet());
            removed.clear();
            unmirrored = true;
            return resume;
        } finally {
            store.writeLock().unlock();
        }
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        if (trimAfter >= 0) {
            trim(connection, trimAfter);
            trimAfter = -1;
        }
        List<IndexRow> index = new ArrayList<>(batch.size());
        List<AuditRow> audit = new ArrayList<>();
        erasedInBatch.clear();
        for (int from = 0; from < batch.size(); from += LOCK_CHUNK) {
            int to = Math.min(batch.size(), from + LOCK_CHUNK);
            store.writeLock().lock();
            try {
                for (int i = from; i < to; i++) {
                    apply(batch.get(i), connection, index, audit);
                }
            } finally {
                store.writeLock().unlock();
            }
        }
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        writeIndex(duck, index);
        writeAudit(duck, audit);
        unmirrored = true;
    }

    @Override
    public void committed(long committed) throws IOException, SQLException {
        if (mirrorThread == null) {
            mirrorThread = new Thread(this::mirrorLoop, "profile-mirror");
            mirrorThread.setDaemon(true);
            mirrorThread.start();
        }
        synchronized (positionSignal) {
            position = committed;
            positionSignal.notifyAll();
        }
        notifyChanges();
        for (Erased erased : erasedInBatch) {
            for (PersonalData owner : personalData.get()) {
                try {
                    owner.erased(erased.person());
                } catch (RuntimeException e) {
                    log.warn("Erasing profile {} outside the store ({}) failed: {}", erased.person().profileId(), owner.getClass().getSimpleName(),
                            e.toString());
                }
            }
        }
        awaitingProcessors.addAll(erasedInBatch);
        erasedInBatch.clear();
        eraseBehind();
        boolean due = System.nanoTime() - snapshotAtNanos >= settings.snapshotInterval().toNanos()
                || committed - snapshotPosition >= settings.snapshotEvents();
        if (due) {
            snapshot(committed);
        }
    }

    /**
     * Deletes once more the rows about people erased before the slowest other processor's position:
     * rows it wrote from events it had read before the erasure committed.
     */
    private void eraseBehind() {
        if (awaitingProcessors.isEmpty()) {
            return;
        }
        long slowest = slowestProcessor.getAsLong();
        List<Erased> passed = awaitingProcessors.stream().filter(erased -> erased.seq() <= slowest).toList();
        if (passed.isEmpty()) {
            return;
        }
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            int rows = 0;
            for (Erased erased : passed) {
                rows += deleteDeclared(connection, erased.person());
            }
            connection.commit();
            if (rows > 0) {
                log.info("Deleted {} rows about erased profiles written by processors behind the erasure", rows);
            }
        } catch (SQLException e) {
            log.warn("Could not delete the rows about erased profiles written behind the erasure (tried again when idle): {}", e.toString());
            return;
        }
        awaitingProcessors.removeAll(passed);
    }

    /** Deletes the modules' rows about {@code person} ({@link PersonalData}); returns how many. */
    private int deleteDeclared(Connection connection, PersonalData.Person person) throws SQLException {
        int rows = 0;
        for (PersonalData owner : personalData.get()) {
            for (PersonalData.Table table : owner.tables()) {
                rows += PersonalData.delete(connection, table, person);
            }
        }
        return rows;
    }

    /** Caught up and nothing new: mirror what changed now, rather than at the next interval. */
    @Override
    public void idle(long at) {
        eraseBehind();
        if (!unmirrored) {
            return;
        }
        synchronized (mirrorSignal) {
            mirrorRequested = true;
            mirrorSignal.notifyAll();
        }
    }

    /**
     * The mirror thread: writes the changed profiles to {@code profiles} off the processor's
     * thread, when the processor is idle or at the latest every mirror interval, and never more
     * than a tenth of the time (after a mirror that took d, it waits at least 9d, and at least
     * a second), so under load mirroring does not starve the processor on a small machine.
     */
    private void mirrorLoop() {
        long quietUntil = 0;
        while (true) {
            synchronized (mirrorSignal) {
                long deadline = System.nanoTime() + settings.mirrorInterval().toNanos();
                while (!mirrorStopping && (System.nanoTime() < quietUntil || !mirrorRequested && System.nanoTime() < deadline)) {
                    long until = System.nanoTime() < quietUntil ? quietUntil : deadline;
                    try {
                        mirrorSignal.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (mirrorStopping) {
                    return;
                }
                mirrorRequested = false;
            }
            long started = System.nanoTime();
            mirrorOrWarn();
            long took = System.nanoTime() - started;
            quietUntil = System.nanoTime() + Math.max(TimeUnit.SECONDS.toNanos(1), 9 * took);
        }
    }

    /** Profiles changed or removed but not yet mirrored (plus one while a mirror run is writing). */
    int mirrorBacklog() {
        int waiting = store.read(() -> dirty.size() + removed.size());
        return waiting + (mirroring ? 1 : 0);
    }

    private void mirrorOrWarn() {
        mirroring = true;
        try {
            mirror();
        } catch (SQLException | RuntimeException e) {
            log.warn("Mirroring profiles failed, will retry: {}", e.getMessage());
        } finally {
            mirroring = false;
        }
    }

    @Override
    public void stopping(long stopped) throws IOException, SQLException {
        if (mirrorThread != null) {
            synchronized (mirrorSignal) {
                mirrorStopping = true;
                mirrorSignal.notifyAll();
            }
            try {
                mirrorThread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mirrorThread = null;
        }
        try {
            mirror();
        } finally {
            if (mirrorConnection != null) {
                mirrorConnection.close();
                mirrorConnection = null;
            }
            if (stopped != snapshotPosition) {
                snapshot(stopped);
            }
        }
    }

    private void snapshot(long at) throws IOException {
        long started = System.nanoTime();
        store.save(snapshotFile, at, cipher);
        snapshotPosition = at;
        snapshotAtNanos = System.nanoTime();
        log.info("Profile snapshot at seq {} ({} profiles) in {} ms", at, store.states().size(),
                TimeUnit.NANOSECONDS.toMillis(snapshotAtNanos - started));
    }

    // ---- applying events

    private void apply(LoggedEvent logged, Connection connection, List<IndexRow> index, List<AuditRow> audit) throws SQLException {
        Event event = logged.event();
        if (event.source().value().equals(CONTROL_SOURCE)) {
            control(logged, connection, index, audit);
            return;
        }
        if (event.channel() == Channel.SYSTEM) {
            // Percept's own events about profiles (segment membership, rules' derived events) are derived from them, not
            // part of them; a rule's identify only sets traits on the profile its ids already belong to
            if (event.type() == EventType.IDENTIFY && RULES_SOURCE.equals(event.source().value())) {
                derivedTraits(event);
            }
            indexAbout(logged, index);
            return;
        }
        Link link = store.extractor().link(event);
        long micros = link.key().micros();
        Resolution resolution = store.graph().apply(link);
        if (!(resolution instanceof Resolution.Resolved resolved)) {
            unattributed++;
            return;
        }
        store.sawEvent(micros);
        index.add(new IndexRow(logged.seq(), link.identifiers().get(0).toString()));
        Map<Long, ProfileState> states = store.states();
        for (Resolution.Merge merge : resolved.merges()) {
            ProfileState absorbed = states.remove(merge.absorbed().value());
            ProfileState survivor = states.computeIfAbsent(merge.survivor().value(), id -> new ProfileState());
            if (absorbed != null) {
                survivor.mergeFrom(absorbed, store.rules());
            }
            gone(merge.absorbed().value());
            changed(merge.survivor().value());
            audit.add(new AuditRow(logged.seq(), micros, "merge", merge.survivor().value(), merge.absorbed().value(), merge.via().toString(),
                    null, null));
        }
        for (Resolution.Refusal refusal : resolved.refusals()) {
            audit.add(new AuditRow(logged.seq(), micros, "refusal", refusal.profile().value(),
                    refusal.owner() == null ? null : refusal.owner().value(), refusal.dropped().toString(), refusal.rule().name(), null));
        }
        if (resolved.recomputed() != null) {
            rebuild(resolved.recomputed(), connection, index, audit, logged.seq(), micros, "recomputed");
            return;
        }
        states.computeIfAbsent(resolved.profile().value(), id -> new ProfileState()).apply(event, store.rules(), store.interner());
        changed(resolved.profile().value());
    }

    /**
     * Traits a rule set, and tags it added or removed ({@link ProfileTags}): applied to the live profile
     * holding the event's ids, without touching the identity graph.
     */
    private void derivedTraits(Event event) {
        Link link;
        try {
            link = store.extractor().link(event);
        } catch (RuntimeException e) {
            return;
        }
        for (Identifier identifier : link.identifiers()) {
            Optional<ProfileId> profile = store.profileOf(identifier);
            if (profile.isPresent()) {
                ProfileState state = store.states().get(profile.get().value());
                if (state != null) {
                    long at = ChronoUnit.MICROS.between(Instant.EPOCH, event.timestamp());
                    Attributes traits = event.traits();
                    if (traits.has(ProfileTags.CHANGE)) {
                        Attributes change = traits.object(ProfileTags.CHANGE);
                        state.changeTags(ProfileTags.texts(change, "add"), ProfileTags.texts(change, "remove"), at, RULES_SOURCE, store.rules(),
                                store.interner());
                        Map<String, Object> rest = new LinkedHashMap<>(traits.asMap());
                        rest.remove(ProfileTags.CHANGE);
                        traits = Attributes.copyOf(rest);
                    }
                    state.applyDerivedTraits(traits, at, RULES_SOURCE, store.rules(), store.interner());
                    changed(profile.get().value());
                }
                return;
            }
        }
    }

    /** Indexes one of Percept's own events under its top identifier, apart from the person's events, so that it is erased with them. */
    private void indexAbout(LoggedEvent logged, List<IndexRow> index) {
        Link link;
        try {
            link = store.extractor().link(logged.event());
        } catch (RuntimeException e) {
            return;
        }
        if (!link.identifiers().isEmpty()) {
            index.add(new IndexRow(logged.seq(), ABOUT_PREFIX + link.identifiers().get(0)));
        }
    }

    private void control(LoggedEvent logged, Connection connection, List<IndexRow> index, List<AuditRow> audit) throws SQLException {
        Event event = logged.event();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, event.timestamp());
        Object rawProfile = event.properties().get("profile_id");
        ProfileId requested = rawProfile instanceof Number number && number.longValue() > 0 ? new ProfileId(number.longValue()) : null;
        Optional<ProfileId> live = requested == null ? Optional.empty() : store.graph().current(requested);
        if (SPLIT.equals(event.name())) {
            String type = event.properties().string("identifier_type").orElse("");
            String value = event.properties().string("identifier_value").orElse("");
            Identifier identifier;
            try {
                identifier = new Identifier(new IdentifierType(type), value);
            } catch (IllegalArgumentException e) {
                outcomes.put(logged.seq(), new ControlOutcome("split", requested, false, e.getMessage(), Set.of(), 0, 0));
                return;
            }
            // kept apart from the identifier's events (not in timelines), but erased with them
            index.add(new IndexRow(logged.seq(), SPLIT_PREFIX + identifier));
            Optional<ProfileId> holder = store.graph().profileOf(identifier);
            if (live.isEmpty() || holder.isEmpty() || !holder.get().equals(live.get())) {
                outcomes.put(logged.seq(), new ControlOutcome("split", requested, false,
                        "profile " + (requested == null ? "?" : requested.value()) + " does not hold " + identifier, Set.of(), 0, 0));
                return;
            }
            Optional<Resolution.Recomputed> recomputed = store.graph().separate(identifier);
            if (recomputed.isEmpty()) {
                outcomes.put(logged.seq(), new ControlOutcome("split", live.get(), false,
                        identifier + " is the only identifier of profile " + live.get().value(), Set.of(), 0, 0));
                return;
            }
            int events = rebuild(recomputed.get(), connection, index, audit, logged.seq(), micros, "split");
            audit.add(new AuditRow(logged.seq(), micros, "split", live.get().value(), null, identifier.toString(), null,
                    "into " + recomputed.get().after().stream().map(id -> Long.toString(id.value())).sorted().toList()));
            outcomes.put(logged.seq(), new ControlOutcome("split", live.get(), true, null, recomputed.get().after(), 1, events));
        } else if (ERASE.equals(event.name())) {
            if (live.isEmpty() || !live.get().equals(requested)) {
                outcomes.put(logged.seq(), new ControlOutcome("erase", requested, false, "no live profile " + (requested == null ? "?" : requested.value()),
                        Set.of(), 0, 0));
                return;
            }
            ProfileId id = live.get();
            List<Identifier> identifiers = store.graph().erase(id);
            Set<String> own = new HashSet<>();
            Set<String> names = new HashSet<>();
            identifiers.forEach(identifier -> {
                own.add(identifier.toString());
                names.add(identifier.toString());
                names.add(SPLIT_PREFIX + identifier);
                names.add(ABOUT_PREFIX + identifier);
            });
            List<IndexRow> rows = rowsOf(connection, names, index);
            long[] seqs = rows.stream().mapToLong(IndexRow::seq).distinct().sorted().toArray();
            int personEvents = (int) rows.stream().filter(row -> own.contains(row.identifier())).mapToLong(IndexRow::seq).distinct().count();
            index.removeIf(row -> names.contains(row.identifier()));
            eventLog.erase(connection, seqs);
            PersonalData.Person person = new PersonalData.Person(id.value(), own, seqs);
            int derived = deleteDeclared(connection, person);
            erasedInBatch.add(new Erased(person, logged.seq()));
            Set<String> stored = sealed(names);
            deleteWhere(connection, "DELETE FROM event_identities WHERE identifier = ?", stored);
            deleteWhere(connection, "DELETE FROM identity_audit WHERE identifier = ?", stored);
            Set<String> ids = Set.of(Long.toString(id.value()));
            deleteWhere(connection, "DELETE FROM identity_audit WHERE CAST(profile_id AS VARCHAR) = ? OR CAST(other_profile AS VARCHAR) = ?", ids);
            audit.removeIf(row -> row.profile() == id.value() || names.contains(row.identifier()));
            store.states().remove(id.value());
            gone(id.value());
            outcomes.put(logged.seq(), new ControlOutcome("erase", id, true, null, Set.of(id), identifiers.size(), personEvents));
            log.info("Erased profile {}: {} identifiers, {} events, {} split requests and Percept's events naming them, {} derived rows", id.value(),
                    identifiers.size(), personEvents, seqs.length - personEvents, derived);
        } else {
            log.warn("Unknown control event '{}' at seq {} ignored", event.name(), logged.seq());
        }
    }

    /**
     * Rebuilds recomputed profiles by replaying their events from the log. Returns the number of
     * events replayed.
     */
    private int rebuild(Resolution.Recomputed recomputed, Connection connection, List<IndexRow> index, List<AuditRow> audit, long seq,
            long micros, String kind) throws SQLException {
        Map<Long, ProfileState> states = store.states();
        for (ProfileId before : recomputed.before()) {
            states.remove(before.value());
            if (!recomputed.after().contains(before)) {
                gone(before.value());
            }
        }
        int replayed = 0;
        for (ProfileId after : recomputed.after()) {
            Set<String> names = new HashSet<>();
            store.graph().identifiers(after).forEach(identifier -> names.add(identifier.toString()));
            ProfileState state = new ProfileState();
            for (LoggedEvent logged : eventLog.read(seqsOf(connection, names, index))) {
                if (!logged.event().source().value().equals(CONTROL_SOURCE)) {
                    state.apply(logged.event(), store.rules(), store.interner());
                    replayed++;
                }
            }
            states.put(after.value(), state);
            changed(after.value());
            if (!kind.equals("split")) {
                audit.add(new AuditRow(seq, micros, kind, after.value(), null, null, null,
                        "from " + recomputed.before().stream().map(id -> Long.toString(id.value())).sorted().toList()));
            }
        }
        return replayed;
    }

    /** The seqs of events stored under any of {@code names}, committed or in this batch. */
    private long[] seqsOf(Connection connection, Set<String> names, List<IndexRow> index) throws SQLException {
        return rowsOf(connection, names, index).stream().mapToLong(IndexRow::seq).distinct().sorted().toArray();
    }

    /** The index rows under any of {@code names}, committed or in this batch. */
    private List<IndexRow> rowsOf(Connection connection, Set<String> names, List<IndexRow> index) throws SQLException {
        List<IndexRow> found = new ArrayList<>();
        if (!names.isEmpty()) {
            // a semi-join on an unnested list: faster in DuckDB than an IN list filter on a large table
            StringBuilder sql = new StringBuilder("SELECT seq, identifier FROM event_identities WHERE identifier IN (SELECT unnest([");
            for (int i = 0; i < names.size(); i++) {
                sql.append(i > 0 ? ",?" : "?");
            }
            sql.append("]))");
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                int i = 1;
                for (String name : names) {
                    select.setString(i++, cipher.sealDeterministic(name));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new IndexRow(rows.getLong(1), cipher.open(rows.getString(2))));
                    }
                }
            }
        }
        for (IndexRow row : index) {
            if (names.contains(row.identifier())) {
                found.add(row);
            }
        }
        return found;
    }

    private void changed(long profile) {
        dirty.add(profile);
        removed.remove(profile);
        if (!listeners.isEmpty()) {
            changedSinceNotice.add(profile);
            goneSinceNotice.remove(profile);
        }
    }

    private void gone(long profile) {
        dirty.remove(profile);
        removed.add(profile);
        if (!listeners.isEmpty()) {
            changedSinceNotice.remove(profile);
            goneSinceNotice.add(profile);
        }
    }

    /** Registers a listener told, on the processor's thread after each committed batch, which profiles changed. */
    void onChanges(Profiles.ProfileChanges listener) {
        listeners.add(listener);
    }

    /** Tells the listeners that {@code ids} changed outside the log (their scores), on the caller's thread. */
    void notifyExternalChanges(long[] ids) {
        for (Profiles.ProfileChanges listener : listeners) {
            try {
                listener.changed(ids, new long[0]);
            } catch (RuntimeException e) {
                log.warn("A profile change listener failed: {}", e.toString());
            }
        }
    }

    private void notifyChanges() {
        if (listeners.isEmpty() || (changedSinceNotice.isEmpty() && goneSinceNotice.isEmpty())) {
            return;
        }
        long[] changedIds = changedSinceNotice.stream().mapToLong(Long::longValue).toArray();
        long[] goneIds = goneSinceNotice.stream().mapToLong(Long::longValue).toArray();
        changedSinceNotice.clear();
        goneSinceNotice.clear();
        for (Profiles.ProfileChanges listener : listeners) {
            try {
                listener.changed(changedIds, goneIds);
            } catch (RuntimeException e) {
                log.warn("A profile change listener failed: {}", e.toString());
            }
        }
    }

    // ---- writing

    private static void trim(Connection connection, long after) throws SQLException {
        try (PreparedStatement identities = connection.prepareStatement("DELETE FROM event_identities WHERE seq > ?");
                PreparedStatement audit = connection.prepareStatement("DELETE FROM identity_audit WHERE seq > ?")) {
            identities.setLong(1, after);
            identities.executeUpdate();
            audit.setLong(1, after);
            audit.executeUpdate();
        }
        if (after == 0) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM profiles");
            }
        }
    }

    private static void deleteWhere(Connection connection, String sql, Set<String> values) throws SQLException {
        int parameters = (int) sql.chars().filter(c -> c == '?').count();
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            for (String value : values) {
                for (int i = 1; i <= parameters; i++) {
                    delete.setString(i, value);
                }
                delete.executeUpdate();
            }
        }
    }

    /** {@code names} as the store keeps them. */
    private Set<String> sealed(Set<String> names) {
        if (!cipher.enabled()) {
            return names;
        }
        Set<String> stored = new HashSet<>();
        names.forEach(name -> stored.add(cipher.sealDeterministic(name)));
        return stored;
    }

    private void writeIndex(DuckDBConnection connection, List<IndexRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "event_identities")) {
            for (IndexRow row : rows) {
                appender.beginRow().append(row.seq()).append(cipher.sealDeterministic(row.identifier())).endRow();
            }
        }
    }

    private void writeAudit(DuckDBConnection connection, List<AuditRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "identity_audit")) {
            for (AuditRow row : rows) {
                appender.beginRow().append(row.seq()).appendEpochMicros(row.micros()).append(row.kind()).append(row.profile());
                if (row.other() == null) {
                    appender.appendNull();
                } else {
                    appender.append(row.other().longValue());
                }
                appendText(appender, cipher.sealDeterministic(row.identifier()));
                appendText(appender, row.rule());
                appendText(appender, row.detail());
                appender.endRow();
            }
        }
    }

    private static void appendText(DuckDBAppender appender, String text) throws SQLException {
        if (text == null) {
            appender.appendNull();
        } else {
            appender.append(text);
        }
    }

    /**
     * Writes the changed profiles to {@code profiles} and deletes the merged and erased ones, in a
     * transaction of its own: the rows are a function of the current state, so writing them again
     * after a crash is harmless.
     */
    private void mirror() throws SQLException {
        if (mirrorConnection == null) {
            mirrorConnection = database.connect();
            mirrorConnection.setAutoCommit(false);
        }
        try {
            mirror(mirrorConnection);
            mirrorConnection.commit();
        } catch (SQLException | RuntimeException e) {
            EmbeddedStore.rollback(mirrorConnection);
            throw e;
        }
    }

    private void mirror(Connection connection) throws SQLException {
        Set<Long> changed;
        Set<Long> gone;
        List<Object[]> rows = new ArrayList<>();
        store.writeLock().lock();
        try {
            unmirrored = false;
            changed = dirty;
            dirty = new HashSet<>();
            gone = new HashSet<>(removed);
            removed.clear();
        } finally {
            store.writeLock().unlock();
        }
        // rows are built under the read lock in slices, so the processor keeps going in between
        long now = System.currentTimeMillis() * 1_000;
        List<Long> ids = new ArrayList<>(changed);
        for (int start = 0; start < ids.size(); start += 2_000) {
            int from = start;
            int to = Math.min(ids.size(), from + 2_000);
            List<Object[]> slice = store.read(() -> {
                List<Object[]> built = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    ProfileState state = store.states().get(ids.get(i));
                    if (state != null) {
                        built.add(mirrorRow(ids.get(i), state, now));
                    }
                }
                return built;
            });
            rows.addAll(slice);
        }
        if (changed.isEmpty() && gone.isEmpty()) {
            return;
        }
        boolean written = false;
        try {
            writeMirror(connection, changed, gone, rows);
            written = true;
        } finally {
            if (!written) {
                // try again next time
                store.writeLock().lock();
                try {
                    changed.forEach(id -> dirty.add(id));
                    gone.forEach(id -> removed.add(id));
                    unmirrored = true;
                } finally {
                    store.writeLock().unlock();
                }
            }
        }
    }

    private void writeMirror(Connection connection, Set<Long> changed, Set<Long> gone, List<Object[]> rows) throws SQLException {
        Set<Long> delete = new HashSet<>(changed);
        delete.addAll(gone);
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "profile_mirror_ids")) {
            for (long id : delete) {
                appender.beginRow().append(id).endRow();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM profiles WHERE profile_id IN (SELECT profile_id FROM profile_mirror_ids)");
            statement.executeUpdate("DELETE FROM profile_mirror_ids");
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "profiles")) {
            for (Object[] row : rows) {
                appender.beginRow();
                for (Object value : row) {
                    appendValue(appender, value);
                }
                appender.endRow();
            }
        }
    }

    /** A timestamp column value, epoch micros. */
    private record Micros(long value) {
    }

    /** The {@code profiles} row of a profile, in the table's column order, mirrored at {@code now} (epoch micros). */
    private Object[] mirrorRow(long id, ProfileState state, long now) {
        List<Identifier> identifiers = store.graph().identifiers(new ProfileId(id));
        Map<String, String> firsts = new HashMap<>();
        for (Identifier identifier : identifiers) {
            firsts.putIfAbsent(identifier.type().name(), identifier.value());
        }
        List<TopCounts.Entry> category = state.favouriteCategories(1);
        List<TopCounts.Entry> product = state.favouriteProducts(1);
        Map<String, Object> traits = new LinkedHashMap<>(state.traits());
        List<String> topics = state.topicsSince(now - Profiles.RECENT_TOPICS.toNanos() / 1_000).stream().map(TopicCount::topic).toList();
        // email and phone sealed deterministically (an equality lookup in SQL still works); user_id stays: text tables join on it
        return new Object[] {id, firsts.get("user_id"), cipher.sealDeterministic(firsts.get("email")), cipher.sealDeterministic(firsts.get("phone")),
            identifiers.size(),
            state.hasEvents() ? new Micros(state.firstSeenMicros()) : null, state.hasEvents() ? new Micros(state.lastSeenMicros()) : null,
            state.events(), state.orders(), state.revenue(), state.refunds(), state.refunded(), state.netRevenue(),
            state.averageOrderValue(), state.orders() > 0 ? new Micros(state.lastOrderMicros()) : null,
            state.preferredChannel() == null ? null : state.preferredChannel().wireName(), state.country(), state.region(), state.city(),
            category.isEmpty() ? null : category.get(0).key(), product.isEmpty() ? null : product.get(0).key(),
            state.marketingConsent(), state.profilingConsent(), traits.isEmpty() ? null : JsonText.of(cipher.sealTraits(traits)), new Micros(now),
            state.lastSentiment(), state.averageSentiment(), state.hasVoice() ? state.complaints() : null,
            state.hasVoice() ? state.openComplaints() : null, topics.isEmpty() ? null : String.join(",", topics)};
    }

    private static void appendValue(DuckDBAppender appender, Object value) throws SQLException {
        if (value instanceof Micros micros) {
            appender.appendEpochMicros(micros.value());
        } else {
            io.percept.platform.AppenderValues.append(appender, value);
        }
    }
}
