package io.percept.profile;

import io.percept.eventlog.PartitionedProcessor;
import io.percept.eventlog.WritableEventStore;
import io.percept.identity.Identifier;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import io.percept.platform.PersonalData;
import io.percept.profile.domain.Interner;
import io.percept.profile.domain.ProfileRules;
import io.percept.profile.domain.ProfileState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Profiles in cluster mode: the unify processor that keeps them in PostgreSQL, and reads of them
 * from any instance (identity from this instance's graph replica, caught up before each read;
 * attributes from the stored states), with the same field names as the embedded
 * {@link Profiles#forEach}; and the feed of which profiles changed ({@link #changes}), exact across
 * the instances that unify them.
 */
public final class ClusterProfiles implements ScoredProfiles {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterProfiles.class);

    /**
     * The SQL that stamps a row of the change feed with the writing transaction's id; PostgreSQL's
     * {@code xid8} as a number (it has an epoch and does not wrap around).
     */
    static final String CHANGE_XID = "pg_current_xact_id()::text::bigint";

    private final DataSource database;
    private final WritableEventStore events;
    private final GraphReplica replica;
    private final ClusterUnifyProcessor processor;
    private final Interner interner = new Interner();
    private final Clock clock;
    /** How unstated profiling consent counts: a profile it does not allow shows no scores. */
    private volatile ConsentMode consent = ConsentMode.OPT_OUT;
    private final IdentifierExtractor extractor;
    /** The newest prediction run's scores: the predictions read them from PostgreSQL when another instance stored a newer run. */
    private volatile java.util.function.Supplier<ProfileScores> scores = () -> ProfileScores.NONE;

    /**
     * @param dedupWindow how far apart two events of one source with one message id count as one (the
     *                    ingest deduplication window); zero keeps every event
     */
    public ClusterProfiles(DataSource database, WritableEventStore events, IdentifierExtractor extractor, ProfileRules rules, Clock clock,
            java.time.Duration dedupWindow) {
        this.database = database;
        this.events = events;
        this.replica = new GraphReplica(extractor.rules());
        this.processor = new ClusterUnifyProcessor(extractor, rules, events, replica, dedupWindow);
        this.clock = clock;
        this.extractor = extractor;
    }

    /** The unify processor to run on the partitioned log. */
    public PartitionedProcessor processor() {
        return processor;
    }

    /** A profile as the API shows it: identifiers, attributes (by {@link ProfileFields} names, those without a value left out) and traits. */
    public record ClusterProfile(long id, List<Map<String, String>> identifiers, Map<String, Object> attributes, Map<String, Object> traits) {
    }

    /** The fields {@link #get} shows: the profile's own attributes; its model scores come under {@code scores}. */
    private static final List<String> SHOWN = List.of("events", "orders", "revenue", "refunds", "refunded", "netRevenue", "averageOrderValue",
            "firstSeen", "lastSeen", "firstOrder", "lastOrder", "country", "region", "city", "preferredChannel", "favouriteCategories",
            "favouriteProducts", "tags", "marketingConsent", "profilingConsent", "texts", "averageSentiment", "lastSentiment", "complaints",
            "openComplaints", "topics90d", "negativeTopics90d");

    /** Events unify dropped as duplicates of stored ones (retries that reached another instance). */
    public long duplicatesDropped() {
        return processor.duplicates();
    }

    /** The live profile {@code id} (a merged id gives the profile it was merged into). */
    public Optional<ClusterProfile> get(long id) {
        // the live id and its identifiers from one look at the graph
        Optional<Map.Entry<ProfileId, List<Identifier>>> live = read(() -> replica.graph().current(new ProfileId(id))
                .map(current -> Map.entry(current, replica.graph().identifiers(current))));
        if (live.isEmpty()) {
            return Optional.empty();
        }
        long profileId = live.get().getKey().value();
        ProfileState state;
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT state FROM profile_states WHERE profile_id = ?")) {
            select.setLong(1, profileId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                state = ClusterUnifyProcessor.decode(rows.getBytes(1), interner);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a profile from PostgreSQL: " + e.getMessage(), e);
        }
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String field : SHOWN) {
            Object value = ProfileFields.value(state, field, now);
            if (value != null) {
                attributes.put(field, value instanceof Long micros && ProfileFields.kinds().get(field) == ProfileFields.Kind.TIME
                        ? Instant.EPOCH.plusNanos(micros * 1_000).toString() : value);
            }
        }
        Map<String, Object> scored = consent.allows(state.profilingConsent()) ? scores.get().all(profileId) : Map.of();
        if (!scored.isEmpty()) {
            attributes.put("scores", scored);
        }
        List<Map<String, String>> identifiers = live.get().getValue().stream()
                .map(identifier -> Map.of("type", identifier.type().name(), "value", identifier.value())).toList();
        return Optional.of(new ClusterProfile(profileId, identifiers, attributes, state.traits()));
    }


    /**
     * What an erasure did: the profile erased, how many identifiers and events it had, how many of
     * Percept's events about it (segment membership) and other derived rows were deleted with it.
     */
    public record Erasure(long profile, int identifiers, int events, int aboutEvents, int derivedRows) {
    }

    /**
     * Erases a person in cluster mode (PIPL art. 47, GDPR art. 17), in one PostgreSQL transaction under
     * the identity lock: their identifiers leave the identity graph (stored again as a snapshot, with
     * every link before it deleted, so the identifiers are stored nowhere; each instance loads it at its
     * next catch-up), and their events, event identities, identity audit, profile state and mirror row,
     * segment memberships, model scores and the rows the modules declare ({@link PersonalData}) are
     * deleted. The state row is locked first: a unify batch that has already resolved events to the
     * person commits before the events are collected, and one that has not waits and then, seeing the
     * new version, runs again on the erased graph, where the person's identifiers are new. After the
     * commit the modules erase what is not in tables ({@link PersonalData#erased}: files on this
     * instance). The events stay on the Kafka topic until its retention removes them (docs/deploy.md).
     *
     * @return empty if no live profile has the id
     * @throws IllegalArgumentException if the id was merged into another profile (erase that one)
     */
    public Optional<Erasure> erase(long id, List<PersonalData> owners) {
        PersonalData.Person person;
        Erasure done;
        synchronized (replica) {
            try (Connection connection = database.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, ClusterUnifyProcessor.IDENTITY_LOCK);
                        lock.execute();
                    }
                    replica.catchUp(connection);
                    Optional<ProfileId> live = replica.graph().current(new ProfileId(id));
                    if (live.isEmpty()) {
                        connection.rollback();
                        return Optional.empty();
                    }
                    if (live.get().value() != id) {
                        connection.rollback();
                        throw new IllegalArgumentException("profile " + id + " was merged into " + live.get().value() + ": erase that one");
                    }
                    try (PreparedStatement lockState = connection.prepareStatement("SELECT 1 FROM profile_states WHERE profile_id = ? FOR UPDATE")) {
                        lockState.setLong(1, id);
                        lockState.executeQuery().close();
                    }
                    List<Identifier> identifiers = replica.graph().erase(live.get());
                    Held held = held(connection, id, identifiers.stream().map(Identifier::toString).toList());
                    person = held.person();
                    int derived = 0;
                    for (PersonalData owner : owners) {
                        for (PersonalData.Table table : owner.tables()) {
                            derived += PersonalData.delete(connection, table, person);
                        }
                    }
                    for (PersonalData.Table table : ROWS_ABOUT_A_PERSON) {
                        try (PreparedStatement delete = bound(connection, "DELETE FROM ", table, person)) {
                            int deleted = delete.executeUpdate();
                            derived += table.name().equals("events") ? 0 : deleted;
                        }
                    }
                    ClusterUnifyProcessor.deleteStates(connection, Set.of(id));
                    replica.storeSnapshot(connection);
                    connection.commit();
                    done = new Erasure(id, identifiers.size(), held.events().length, held.aboutEvents().length, derived);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    // the graph may have lost the person, or have a snapshot version, that the database does not
                    replica.reset();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot erase profile " + id + " in PostgreSQL: " + e.getMessage(), e);
            }
        }
        for (PersonalData owner : owners) {
            try {
                owner.erased(person);
            } catch (RuntimeException e) {
                log.warn("Erasing profile {} outside the store ({}) failed: {}", id, owner.getClass().getSimpleName(), e.toString());
            }
        }
        log.info("Erased profile {}: {} identifiers, {} events, {} events about them, {} derived rows", id, done.identifiers(), done.events(),
                done.aboutEvents(), done.derivedRows());
        return Optional.of(done);
    }

    /**
     * Deletes the events received before {@code cutoff} from the event store, with their identities,
     * in one transaction (the retention job; docs/deploy.md, Data retention). Profiles keep what they
     * computed from them.
     *
     * @return how many events were deleted
     */
    public long expireEvents(Instant cutoff) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement identities = connection.prepareStatement(
                    "DELETE FROM event_identities WHERE seq IN (SELECT seq FROM events WHERE received_at < ?)");
                    PreparedStatement expired = connection.prepareStatement("DELETE FROM events WHERE received_at < ?")) {
                identities.setTimestamp(1, java.sql.Timestamp.from(cutoff));
                identities.executeUpdate();
                expired.setTimestamp(1, java.sql.Timestamp.from(cutoff));
                int deleted = expired.executeUpdate();
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("expiring events received before " + cutoff + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * What the store holds about a person: the seqs of their events, of Percept's own events about them
     * (indexed under their identifiers with {@link UnifyProcessor#ABOUT_PREFIX}), and the person as
     * {@link PersonalData} conditions name them (both kinds of seqs).
     */
    private record Held(long[] events, long[] aboutEvents, PersonalData.Person person) {
    }

    private static Held held(Connection connection, long profileId, List<String> identifiers) throws SQLException {
        long[] own = eventsOf(connection, identifiers.toArray());
        long[] about = eventsOf(connection, identifiers.stream().map(name -> UnifyProcessor.ABOUT_PREFIX + name).toArray());
        long[] seqs = java.util.stream.LongStream.concat(java.util.Arrays.stream(own), java.util.Arrays.stream(about)).sorted().toArray();
        return new Held(own, about, new PersonalData.Person(profileId, Set.copyOf(identifiers), seqs));
    }

    /** The seqs of the events indexed under {@code identifiers} (an event is indexed under its first identifier). */
    private static long[] eventsOf(Connection connection, Object[] identifiers) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT seq FROM event_identities WHERE identifier = ANY(?) ORDER BY seq")) {
            select.setArray(1, connection.createArrayOf("text", identifiers));
            List<Long> seqs = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
            return seqs.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * The cluster tables' rows about a person besides the graph and the profile state: what {@link #export}
     * shows and {@link #erase} deletes. Conditions as {@link PersonalData.Table}'s, except that {@code :seqs}
     * and {@code :identifiers} stand for one array each ({@code = ANY(...)}), so a person with any number
     * of events fits in one statement.
     */
    private static final List<PersonalData.Table> ROWS_ABOUT_A_PERSON = List.of(
            new PersonalData.Table("events", "seq = ANY(:seqs)"),
            new PersonalData.Table("event_identities", "seq = ANY(:seqs)"),
            new PersonalData.Table("identity_audit", "profile_id = :profile OR other_profile = :profile OR identifier = ANY(:identifiers)"),
            new PersonalData.Table("segment_members", "profile_id = :profile"),
            new PersonalData.Table("profile_scores", "profile_id = :profile"));

    /** {@code verb} (say "DELETE FROM ") {@code table} where its condition holds for {@code person}, bound and ready to run. */
    private static PreparedStatement bound(Connection connection, String verb, PersonalData.Table table, PersonalData.Person person)
            throws SQLException {
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile(":(profile|seqs|identifiers)\\b").matcher(table.condition());
        List<Object> parameters = new java.util.ArrayList<>();
        StringBuilder sql = new StringBuilder(verb).append(table.name()).append(" WHERE ");
        while (placeholder.find()) {
            switch (placeholder.group(1)) {
                case "profile" -> parameters.add(person.profileId());
                case "seqs" -> parameters.add(connection.createArrayOf("bigint", java.util.Arrays.stream(person.seqs()).boxed().toArray()));
                default -> parameters.add(connection.createArrayOf("text", person.identifiers().stream().sorted().toArray()));
            }
            placeholder.appendReplacement(sql, "?");
        }
        placeholder.appendTail(sql);
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /**
     * Everything held about a live person in cluster mode, as the embedded export has it: the profile,
     * its trait history, identity audit, events (oldest first), the rows derived about them (by table)
     * and the modules' files about them on this instance. The rows are read in one snapshot of the
     * database (the events through the event store).
     *
     * @return empty if no live profile has the id
     */
    public Optional<Map<String, Object>> export(long id, List<PersonalData> owners) {
        Optional<ClusterProfile> profile = get(id);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        long live = profile.get().id();
        List<String> names = identifiers(live);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("exportedAt", clock.instant().toString());
        export.put("profile", profile.get());
        PersonalData.Person person;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (PreparedStatement select = connection.prepareStatement("SELECT state FROM profile_states WHERE profile_id = ?")) {
                    select.setLong(1, live);
                    try (ResultSet rows = select.executeQuery()) {
                        export.put("traitHistory", rows.next() ? ClusterUnifyProcessor.decode(rows.getBytes(1), interner).traitProvenance() : Map.of());
                    }
                }
                Held held = held(connection, live, names);
                person = held.person();
                Map<String, List<Map<String, Object>>> rowsByTable = new java.util.TreeMap<>();
                for (PersonalData.Table table : ROWS_ABOUT_A_PERSON) {
                    // the events come whole from the event store; their index rows say nothing the export does not
                    if (!table.name().equals("events") && !table.name().equals("event_identities")) {
                        rowsByTable.put(table.name(), rows(bound(connection, "SELECT * FROM ", table, person)));
                    }
                }
                export.put("identityAudit", rowsByTable.remove("identity_audit"));
                export.put("events", events.read(held.events()));
                export.put("aboutEvents", events.read(held.aboutEvents()));
                for (PersonalData owner : owners) {
                    for (PersonalData.Table table : owner.tables()) {
                        rowsByTable.computeIfAbsent(table.name(), name -> new java.util.ArrayList<>())
                                .addAll(PersonalData.select(connection, table, person));
                    }
                }
                rowsByTable.values().removeIf(List::isEmpty);
                export.put("derived", rowsByTable);
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read what is held about profile " + id + " from PostgreSQL: " + e.getMessage(), e);
        }
        Map<String, List<Object>> files = new java.util.TreeMap<>();
        owners.forEach(owner -> files.putAll(owner.elsewhere(person)));
        export.put("files", files);
        return Optional.of(export);
    }

    /** Each row of the statement's result as column name to value (timestamps as instants), closing the statement. */
    private static List<Map<String, Object>> rows(PreparedStatement statement) throws SQLException {
        try (statement; ResultSet rows = statement.executeQuery()) {
            java.sql.ResultSetMetaData columns = rows.getMetaData();
            List<Map<String, Object>> found = new java.util.ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    row.put(columns.getColumnName(i), value instanceof java.sql.Timestamp time ? time.toInstant().toString() : value);
                }
                found.add(row);
            }
            return found;
        }
    }

    /** Makes {@code mode} decide whose scores are shown (a withdrawal hides them before the next prediction run leaves the profile out). */
    void useConsent(ConsentMode mode) {
        consent = java.util.Objects.requireNonNull(mode, "mode");
    }

    /** The live profile holding {@code type:value} (normalised as events' identifiers are), if any. */
    public Optional<Long> profileOf(String type, String value) {
        Optional<Identifier> identifier = extractor.normalize(new IdentifierType(type), value);
        return identifier.isEmpty() ? Optional.empty() : read(() -> replica.graph().profileOf(identifier.get()).map(ProfileId::value));
    }

    @Override
    public long[] profilesOf(List<String> identifiers) {
        Map<String, IdentifierType> types = extractor.rules().typesByName();
        return read(() -> {
            long[] ids = new long[identifiers.size()];
            for (int i = 0; i < ids.length; i++) {
                Identifier identifier = Profiles.typed(identifiers.get(i), types);
                if (identifier != null) {
                    ids[i] = replica.graph().profileOf(identifier).map(ProfileId::value).orElse(0L);
                }
            }
            return ids;
        });
    }

    /**
     * Reads model scores from {@code source} from now on: called before each read, it gives the
     * newest stored run's scores (whichever instance computed them).
     */
    public void readScoresFrom(java.util.function.Supplier<ProfileScores> source) {
        scores = java.util.Objects.requireNonNull(source, "source");
    }

    /**
     * In cluster mode the scores themselves come from {@link #readScoresFrom}'s source (the newest
     * stored run, already committed when this is called); this reports the profiles in
     * {@code rescored} on the change feed, so the instance keeping segment membership re-evaluates
     * them with the new scores.
     */
    @Override
    public void useScores(ProfileScores newScores, long[] rescored) {
        if (rescored.length == 0) {
            // another instance's run, read back here: its instance reported the profiles
            return;
        }
        long[] ids = rescored.clone();
        java.util.Arrays.sort(ids);
        // a transaction per 10,000 profiles: unify waits for these row locks, so none is held long
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (int from = 0; from < ids.length; from += 10_000) {
                    markChanged(connection, java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + 10_000)));
                    connection.commit();
                }
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot report the rescored profiles' changes to PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The identifiers of a live profile, as "type:value". */
    public List<String> identifiers(long profileId) {
        return read(() -> replica.graph().identifiers(new ProfileId(profileId)).stream().map(Identifier::toString).toList());
    }

    /** Which identifiers belong together: one set ("type:value") per live profile. */
    public Set<Set<String>> partition() {
        return read(() -> replica.graph().partition().stream()
                .map(profile -> (Set<String>) profile.stream().map(Identifier::toString).collect(java.util.stream.Collectors.toSet()))
                .collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * Visits every stored profile with its fields (as {@link ProfileFields} names them); one facts
     * object is reused, valid only during its visit.
     *
     * @return how many profiles were visited
     */
    @Override
    public int forEach(Profiles.ProfileVisitor visitor) {
        return visit(null, visitor);
    }

    @Override
    public void forEach(long[] ids, Profiles.ProfileVisitor visitor) {
        if (ids.length > 0) {
            visit(ids, visitor);
        }
    }

    /** Visits the stored profiles, or those among {@code ids} when not null, in id order. */
    private int visit(long[] ids, Profiles.ProfileVisitor visitor) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        ProfileState[] current = new ProfileState[1];
        long[] visiting = new long[1];
        ProfileScores held = scores.get();
        ConsentMode mode = consent;
        Profiles.ProfileFacts facts = field -> ProfileFields.value(visiting[0], current[0], field, now,
                mode.allows(current[0].profilingConsent()) ? held : ProfileScores.NONE);
        int visited = 0;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("SELECT profile_id, state FROM profile_states"
                    + (ids == null ? "" : " WHERE profile_id = ANY(?)") + " ORDER BY profile_id")) {
                if (ids != null) {
                    select.setArray(1, connection.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray()));
                }
                select.setFetchSize(1_000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        current[0] = ClusterUnifyProcessor.decode(rows.getBytes(2), interner);
                        visiting[0] = rows.getLong(1);
                        visitor.visit(visiting[0], facts);
                        visited++;
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read profiles from PostgreSQL: " + e.getMessage(), e);
        }
        return visited;
    }

    @Override
    public int count() {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM profile_states");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count profiles in PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** From this instance's replica of the identity graph, caught up first. */
    @Override
    public Map<Long, String[]> eventIds(long[] ids) {
        return read(() -> {
            Map<Long, String[]> found = new java.util.HashMap<>(ids.length * 2);
            for (long id : ids) {
                ProfileReader.eventIdsOf(replica.graph().identifiers(new ProfileId(id))).ifPresent(pair -> found.put(id, pair));
            }
            return found;
        });
    }

    /**
     * The profiles changed and gone from one point of the change feed to the next.
     *
     * @param changed profiles whose state (or model scores) changed, ascending
     * @param gone    profiles merged away (the profile they went into is among the changed), ascending
     * @param next    where the next read starts ({@link #changes})
     */
    public record Changes(long[] changed, long[] gone, long next) {
    }

    /**
     * Where the change feed stands now: {@link #changes} from it reports every change that commits from
     * now on, and maybe some of the last moments before (a change reported twice is harmless; one
     * missed is not).
     */
    public long changeCursor() {
        try (Connection connection = database.getConnection()) {
            return snapshotXmin(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the profile change feed's position: " + e.getMessage(), e);
        }
    }

    /**
     * The profiles changed or gone since {@code cursor} (from {@link #changeCursor} or the previous
     * {@link Changes#next}). Exact across instances that commit in any order: each change is stamped
     * with its transaction's id (see {@code db/cluster/V6__profile_changes.sql}), and this reads, in one
     * snapshot, the stamps from {@code cursor} up to the snapshot's xmin. Every transaction below that
     * xmin has ended, so no stamp below it can appear later; a transaction still running has a stamp at
     * or above it and is read next time. A long write transaction anywhere on the server delays (never
     * loses) what follows it. For one reader at a time: the gone profiles below {@code cursor} (read
     * before) are deleted.
     */
    public Changes changes(long cursor) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                // the transaction's snapshot is taken by its first statement: this one
                long next = snapshotXmin(connection);
                long[] changed = stamped(connection, "profile_states", cursor, next);
                long[] gone = stamped(connection, "profile_gone", cursor, next);
                try (PreparedStatement prune = connection.prepareStatement("DELETE FROM profile_gone WHERE change_xid < ?")) {
                    prune.setLong(1, cursor);
                    prune.executeUpdate();
                }
                connection.commit();
                return new Changes(changed, gone, Math.max(cursor, next));
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the profile change feed: " + e.getMessage(), e);
        }
    }

    /** The oldest transaction still running as the current snapshot sees it: every stamp below it is final. */
    private static long snapshotXmin(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long[] stamped(Connection connection, String table, long from, long to) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT profile_id FROM " + table + " WHERE change_xid >= ? AND change_xid < ? ORDER BY profile_id")) {
            select.setLong(1, from);
            select.setLong(2, to);
            List<Long> ids = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Reports the live profiles among {@code ids} as changed on the change feed (their model scores
     * changed, say), in the caller's transaction on {@code connection}: the report takes effect when
     * that transaction commits. Locks the profiles' states in id order, as unify does.
     */
    public static void markChanged(Connection connection, long[] ids) throws SQLException {
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE profile_states SET change_xid = " + CHANGE_XID
                + " WHERE profile_id IN (SELECT profile_id FROM profile_states WHERE profile_id = ANY(?) ORDER BY profile_id FOR UPDATE)")) {
            update.setArray(1, connection.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray()));
            update.executeUpdate();
        }
    }

    private <T> T read(java.util.function.Supplier<T> reader) {
        synchronized (replica) {
            try (Connection connection = database.getConnection()) {
                replica.catchUp(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the identity graph from PostgreSQL: " + e.getMessage(), e);
            }
            return reader.get();
        }
    }
}
