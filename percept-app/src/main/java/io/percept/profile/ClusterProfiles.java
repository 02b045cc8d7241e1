package io.percept.profile;

import io.percept.eventlog.PartitionedProcessor;
import io.percept.eventlog.WritableEventStore;
import io.percept.identity.Identifier;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
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

    /**
     * The SQL that stamps a row of the change feed with the writing transaction's id; PostgreSQL's
     * {@code xid8} as a number (it has an epoch and does not wrap around).
     */
    static final String CHANGE_XID = "pg_current_xact_id()::text::bigint";

    private final DataSource database;
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
