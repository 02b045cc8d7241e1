package io.percept.profile;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.PartitionedProcessor;
import io.percept.eventlog.WritableEventStore;
import io.percept.identity.Identifier;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import io.percept.identity.domain.IdentityGraph;
import io.percept.identity.domain.Link;
import io.percept.identity.domain.Resolution;
import io.percept.profile.domain.Interner;
import io.percept.profile.domain.ProfileRules;
import io.percept.profile.domain.ProfileState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Unify in cluster mode: the same identity rules ({@link IdentityGraph}) and profile state
 * ({@link ProfileState}) as the embedded {@link UnifyProcessor}, with the state in PostgreSQL so
 * that any instance can process any partition.
 *
 * <p>How concurrent instances stay correct (also in {@code docs/deploy.md}):
 * <ul>
 * <li>Each instance keeps a replica of the identity graph ({@link GraphReplica}). A batch whose links
 * the replica already knows (the common case: a known customer again) changes no identity and needs
 * no global lock. A batch with a new link takes the advisory lock {@value #IDENTITY_LOCK} for its
 * transaction, catches up with the links other instances added, applies its own and appends them to
 * {@code identity_links}: identity changes are serialised, so every replica applies the same links
 * in the same order.</li>
 * <li>Profile states are locked {@code FOR UPDATE} (in id order) before they change. A batch without
 * the identity lock then checks that no link was added since its replica caught up; if one was, it
 * rolls back and runs again on the newer graph. A merge that commits after that check waits for this
 * batch's row locks, then merges the updated state.</li>
 * <li>Everything (the events in the event store, their identities, the links, the states, the
 * positions) commits in one transaction, so a batch takes effect once or not at all.</li>
 * </ul>
 * Not yet in cluster mode: splits and rules' derived traits (the embedded processor's control
 * events), which are logged and skipped. Erasure does not go through the log in cluster mode
 * ({@link ClusterProfiles#erase}); a batch resolved on the graph before an erasure sees the newer
 * version and runs again.
 */
final class ClusterUnifyProcessor implements PartitionedProcessor {

    static final String NAME = UnifyProcessor.NAME;
    /** The advisory lock key that serialises identity changes across instances ("identity" in ASCII, as a number). */
    static final long IDENTITY_LOCK = 0x6964_656E_7469_7479L;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterUnifyProcessor.class);

    private final IdentifierExtractor extractor;
    private final ProfileRules rules;
    private final Interner interner = new Interner();
    private final WritableEventStore events;
    private final GraphReplica replica;
    private final java.time.Duration dedupWindow;
    private long duplicates;
    private long skippedControl;

    /** The graph changed inside a batch's transaction: the batch's rollback must drop the replica. */
    private static final class Retry extends Exception {

        Retry(String message) {
            super(message, null, false, false);
        }
    }

    private record Step(LoggedEvent logged, Link link, Resolution resolution) {
    }

    ClusterUnifyProcessor(IdentifierExtractor extractor, ProfileRules rules, WritableEventStore events, GraphReplica replica,
            java.time.Duration dedupWindow) {
        this.dedupWindow = dedupWindow;
        this.extractor = extractor;
        this.rules = rules;
        this.events = events;
        this.replica = replica;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Events dropped as duplicates of stored ones (a retry that reached another instance). */
    long duplicates() {
        return duplicates;
    }

    @Override
    public void failed() {
        synchronized (replica) {
            // the replica may hold links of the rolled-back batch: rebuild it from the database
            replica.reset();
        }
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        synchronized (replica) {
            // a retry re-reads the graph; after a few the identity lock makes the batch certain to pass
            for (int attempt = 0;; attempt++) {
                try (Statement savepointScope = connection.createStatement()) {
                    savepointScope.execute("SAVEPOINT unify_attempt");
                    try {
                        int dropped = attempt(batch, connection, attempt >= 2);
                        savepointScope.execute("RELEASE SAVEPOINT unify_attempt");
                        duplicates += dropped;
                        return;
                    } catch (Retry retry) {
                        savepointScope.execute("ROLLBACK TO SAVEPOINT unify_attempt");
                    }
                }
            }
        }
    }

    /** Applies the batch's new events; returns how many were dropped as duplicates. */
    private int attempt(List<LoggedEvent> all, Connection connection, boolean forceLock) throws SQLException, Retry {
        List<LoggedEvent> batch = fresh(all, connection);
        if (batch.isEmpty()) {
            return all.size();
        }
        replica.catchUp(connection);
        IdentityGraph graph = replica.graph();
        List<Link> links = new ArrayList<>(batch.size());
        boolean changesIdentity = forceLock;
        for (LoggedEvent logged : batch) {
            Link link = linkOf(logged.event());
            links.add(link);
            changesIdentity |= link != null && !graph.knows(link);
        }
        if (changesIdentity) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, IDENTITY_LOCK);
                lock.execute();
            }
            replica.catchUp(connection);
            // an erasure meanwhile replaced the graph with its snapshot
            graph = replica.graph();
        }
        long syncedVersion = replica.version();
        List<Link> added = new ArrayList<>();
        List<Step> steps = new ArrayList<>(batch.size());
        Set<Long> touched = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Link link = links.get(i);
            if (link == null) {
                continue;
            }
            boolean known = graph.knows(link);
            if (!known && !changesIdentity) {
                throw new Retry("a link became unknown without the identity lock");
            }
            Resolution resolution = graph.apply(link);
            if (!known) {
                added.add(link);
            }
            steps.add(new Step(batch.get(i), link, resolution));
            if (resolution instanceof Resolution.Resolved resolved) {
                touched.add(resolved.profile().value());
                for (Resolution.Merge merge : resolved.merges()) {
                    touched.add(merge.survivor().value());
                    touched.add(merge.absorbed().value());
                }
                if (resolved.recomputed() != null) {
                    resolved.recomputed().before().forEach(id -> touched.add(id.value()));
                    resolved.recomputed().after().forEach(id -> touched.add(id.value()));
                }
            }
        }
        Map<Long, ProfileState> states = lockStates(connection, touched);
        if (!changesIdentity && GraphReplica.newestVersion(connection) > syncedVersion) {
            throw new Retry("another instance changed the identity graph");
        }
        Set<Long> removed = new HashSet<>();
        Set<Long> changed = new LinkedHashSet<>();
        List<Object[]> index = new ArrayList<>(steps.size());
        List<Object[]> audit = new ArrayList<>();
        Map<Long, LoggedEvent> inBatch = new HashMap<>();
        batch.forEach(logged -> inBatch.put(logged.seq(), logged));
        for (Step step : steps) {
            if (!(step.resolution() instanceof Resolution.Resolved resolved)) {
                continue;
            }
            long seq = step.logged().seq();
            Instant at = step.logged().event().timestamp();
            index.add(new Object[] {seq, step.link().identifiers().get(0).toString()});
            for (Resolution.Merge merge : resolved.merges()) {
                ProfileState absorbed = states.remove(merge.absorbed().value());
                ProfileState survivor = states.computeIfAbsent(merge.survivor().value(), id -> new ProfileState());
                if (absorbed != null) {
                    survivor.mergeFrom(absorbed, rules);
                }
                removed.add(merge.absorbed().value());
                changed.remove(merge.absorbed().value());
                changed.add(merge.survivor().value());
                audit.add(new Object[] {seq, at, "merge", merge.survivor().value(), merge.absorbed().value(), merge.via().toString(), null});
            }
            for (Resolution.Refusal refusal : resolved.refusals()) {
                audit.add(new Object[] {seq, at, "refusal", refusal.profile().value(), refusal.owner() == null ? null : refusal.owner().value(),
                        refusal.dropped().toString(), refusal.rule().name()});
            }
            if (resolved.recomputed() != null) {
                rebuild(resolved.recomputed(), connection, graph, states, index, inBatch, removed, changed);
                continue;
            }
            states.computeIfAbsent(resolved.profile().value(), id -> new ProfileState()).apply(step.logged().event(), rules, interner);
            changed.add(resolved.profile().value());
            removed.remove(resolved.profile().value());
        }
        for (LoggedEvent logged : batch) {
            indexAbout(logged, index);
        }
        replica.append(connection, added);
        events.write(connection, batch);
        writeIndex(connection, index);
        writeAudit(connection, audit);
        writeStates(connection, graph, states, changed);
        deleteStates(connection, removed);
        return all.size() - batch.size();
    }

    /**
     * The batch without duplicates: an event whose source and message id an event stored (or earlier in
     * the batch) has, received within the deduplication window of it, is dropped, as ingestion drops
     * the retries that reach the same instance.
     */
    private List<LoggedEvent> fresh(List<LoggedEvent> batch, Connection connection) throws SQLException {
        if (dedupWindow.isZero()) {
            return batch;
        }
        java.time.Instant oldest = batch.stream().map(logged -> logged.event().receivedAt()).min(Comparator.naturalOrder()).orElseThrow();
        Map<String, List<java.time.Instant>> seen = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT source, message_id, received_at FROM events WHERE message_id = ANY(?) AND received_at >= ?")) {
            select.setArray(1, connection.createArrayOf("text", batch.stream().map(logged -> logged.event().messageId().value()).distinct().toArray()));
            select.setTimestamp(2, Timestamp.from(oldest.minus(dedupWindow)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seen.computeIfAbsent(rows.getString(1) + '\u0000' + rows.getString(2), key -> new ArrayList<>())
                            .add(rows.getTimestamp(3).toInstant());
                }
            }
        }
        List<LoggedEvent> fresh = new ArrayList<>(batch.size());
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            List<java.time.Instant> before = seen.computeIfAbsent(event.source().value() + '\u0000' + event.messageId().value(), key -> new ArrayList<>());
            boolean duplicate = before.stream().anyMatch(at -> java.time.Duration.between(at, event.receivedAt()).abs().compareTo(dedupWindow) <= 0);
            if (!duplicate) {
                fresh.add(logged);
                before.add(event.receivedAt());
            }
        }
        return fresh;
    }

    private Link linkOf(Event event) {
        if (event.channel() == Channel.SYSTEM) {
            return null;
        }
        if (event.source().value().equals(UnifyProcessor.CONTROL_SOURCE)) {
            skippedControl++;
            log.warn("Control event '{}' is not supported in cluster mode yet and is skipped ({} so far)", event.name(), skippedControl);
            return null;
        }
        return extractor.link(event);
    }

    /**
     * Indexes one of Percept's own events about a person (segment membership) under its first identifier,
     * apart from the person's events (as the embedded unify does), so that export and erasure find it.
     */
    private void indexAbout(LoggedEvent logged, List<Object[]> index) {
        Event event = logged.event();
        if (event.channel() != Channel.SYSTEM || event.source().value().equals(UnifyProcessor.CONTROL_SOURCE)) {
            return;
        }
        Link link;
        try {
            link = extractor.link(event);
        } catch (RuntimeException e) {
            return;
        }
        if (!link.identifiers().isEmpty()) {
            index.add(new Object[] {logged.seq(), UnifyProcessor.ABOUT_PREFIX + link.identifiers().get(0)});
        }
    }

    /** Rebuilds recomputed profiles from their events: stored ones and this batch's. */
    private void rebuild(Resolution.Recomputed recomputed, Connection connection, IdentityGraph graph, Map<Long, ProfileState> states,
            List<Object[]> index, Map<Long, LoggedEvent> inBatch, Set<Long> removed, Set<Long> changed) throws SQLException {
        for (ProfileId before : recomputed.before()) {
            states.remove(before.value());
            if (!recomputed.after().contains(before)) {
                removed.add(before.value());
                changed.remove(before.value());
            }
        }
        for (ProfileId after : recomputed.after()) {
            Set<String> names = new HashSet<>();
            graph.identifiers(after).forEach(identifier -> names.add(identifier.toString()));
            TreeSet<Long> seqs = new TreeSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM event_identities WHERE identifier = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("text", names.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seqs.add(rows.getLong(1));
                    }
                }
            }
            for (Object[] row : index) {
                if (names.contains((String) row[1])) {
                    seqs.add((Long) row[0]);
                }
            }
            List<LoggedEvent> found = new ArrayList<>();
            List<Long> stored = new ArrayList<>();
            for (long seq : seqs) {
                LoggedEvent logged = inBatch.get(seq);
                if (logged != null) {
                    found.add(logged);
                } else {
                    stored.add(seq);
                }
            }
            found.addAll(events.read(stored.stream().mapToLong(Long::longValue).toArray()));
            // across partitions seqs do not follow time: replay in event time, then seq
            found.sort(Comparator.comparing((LoggedEvent logged) -> logged.event().timestamp()).thenComparingLong(LoggedEvent::seq));
            ProfileState state = new ProfileState();
            for (LoggedEvent logged : found) {
                if (!logged.event().source().value().equals(UnifyProcessor.CONTROL_SOURCE)) {
                    state.apply(logged.event(), rules, interner);
                }
            }
            states.put(after.value(), state);
            changed.add(after.value());
            removed.remove(after.value());
        }
    }

    private Map<Long, ProfileState> lockStates(Connection connection, Set<Long> ids) throws SQLException {
        Map<Long, ProfileState> states = new HashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT profile_id, state FROM profile_states WHERE profile_id = ANY(?) ORDER BY profile_id FOR UPDATE")) {
            select.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getLong(1), decode(rows.getBytes(2), interner));
                }
            }
        }
        return states;
    }

    /** A state stored by {@link #encode}, its strings shared through {@code interner}. */
    static ProfileState decode(byte[] bytes, Interner interner) {
        try {
            return ProfileState.read(new DataInputStream(new ByteArrayInputStream(bytes)), interner);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored profile state cannot be read", e);
        }
    }

    static byte[] encode(ProfileState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            state.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Which events belong to whom, by COPY (a row per event). */
    private static void writeIndex(Connection connection, List<Object[]> index) throws SQLException {
        if (index.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(index.size() * 48);
        for (Object[] row : index) {
            rows.append((long) (Long) row[0]).append('\t');
            String identifier = (String) row[1];
            for (int i = 0; i < identifier.length(); i++) {
                char c = identifier.charAt(i);
                switch (c) {
                    case '\\' -> rows.append("\\\\");
                    case '\t' -> rows.append("\\t");
                    case '\n' -> rows.append("\\n");
                    case '\r' -> rows.append("\\r");
                    default -> rows.append(c);
                }
            }
            rows.append('\n');
        }
        try {
            new org.postgresql.copy.CopyManager(connection.unwrap(org.postgresql.core.BaseConnection.class))
                    .copyIn("COPY event_identities (seq, identifier) FROM STDIN", new java.io.StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("writing event identities failed: " + e.getMessage(), e);
        }
    }

    private static void writeAudit(Connection connection, List<Object[]> audit) throws SQLException {
        if (audit.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO identity_audit (seq, happened_at, kind, profile_id, other_profile, identifier, rule) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : audit) {
                insert.setLong(1, (Long) row[0]);
                insert.setTimestamp(2, Timestamp.from((Instant) row[1]));
                insert.setString(3, (String) row[2]);
                insert.setLong(4, (Long) row[3]);
                insert.setObject(5, row[4]);
                insert.setString(6, (String) row[5]);
                insert.setString(7, (String) row[6]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void writeStates(Connection connection, IdentityGraph graph, Map<Long, ProfileState> states, Set<Long> changed)
            throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement state = connection.prepareStatement(
                "INSERT INTO profile_states (profile_id, state, updated_at, change_xid) VALUES (?, ?, ?, " + ClusterProfiles.CHANGE_XID + ") "
                        + "ON CONFLICT (profile_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, "
                        + "change_xid = excluded.change_xid");
                PreparedStatement row = connection.prepareStatement(
                        "INSERT INTO profiles (profile_id, user_id, identifiers, first_seen, last_seen, events, orders, revenue, region, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id) DO UPDATE SET user_id = excluded.user_id, "
                                + "identifiers = excluded.identifiers, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                                + "events = excluded.events, orders = excluded.orders, revenue = excluded.revenue, region = excluded.region, "
                                + "updated_at = excluded.updated_at")) {
            for (long id : changed) {
                ProfileState profile = states.get(id);
                if (profile == null) {
                    continue;
                }
                state.setLong(1, id);
                state.setBytes(2, encode(profile));
                state.setTimestamp(3, now);
                state.addBatch();
                List<Identifier> identifiers = graph.identifiers(new ProfileId(id));
                row.setLong(1, id);
                row.setString(2, identifiers.stream().filter(identifier -> identifier.type().equals(IdentifierType.USER_ID))
                        .map(Identifier::value).findFirst().orElse(null));
                row.setInt(3, identifiers.size());
                row.setTimestamp(4, profile.hasEvents() ? micros(profile.firstSeenMicros()) : null);
                row.setTimestamp(5, profile.hasEvents() ? micros(profile.lastSeenMicros()) : null);
                row.setLong(6, profile.events());
                row.setInt(7, profile.orders());
                row.setDouble(8, profile.revenue());
                row.setString(9, profile.region());
                row.setTimestamp(10, now);
                row.addBatch();
            }
            state.executeBatch();
            row.executeBatch();
        }
    }

    /** Deletes the profiles' states and mirror rows and reports them gone on the change feed. */
    static void deleteStates(Connection connection, Set<Long> removed) throws SQLException {
        if (removed.isEmpty()) {
            return;
        }
        Object[] ids = removed.toArray();
        for (String table : List.of("profile_states", "profiles")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE profile_id = ANY(?)")) {
                delete.setArray(1, connection.createArrayOf("bigint", ids));
                delete.executeUpdate();
            }
        }
        // the change feed reports them gone (ClusterProfiles.changes)
        try (PreparedStatement gone = connection.prepareStatement(
                "INSERT INTO profile_gone (profile_id, change_xid) SELECT unnest(?), " + ClusterProfiles.CHANGE_XID)) {
            gone.setArray(1, connection.createArrayOf("bigint", ids));
            gone.executeUpdate();
        }
    }

    private static Timestamp micros(long micros) {
        return Timestamp.from(Instant.EPOCH.plusNanos(micros * 1_000));
    }
}
