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
 * {@link Profiles#forEach}.
 */
public final class ClusterProfiles implements ScoredProfiles {

    private final DataSource database;
    private final GraphReplica replica;
    private final ClusterUnifyProcessor processor;
    private final Interner interner = new Interner();
    private final Clock clock;
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
        Map<String, Object> scored = scores.get().all(profileId);
        if (!scored.isEmpty()) {
            attributes.put("scores", scored);
        }
        List<Map<String, String>> identifiers = live.get().getValue().stream()
                .map(identifier -> Map.of("type", identifier.type().name(), "value", identifier.value())).toList();
        return Optional.of(new ClusterProfile(profileId, identifiers, attributes, state.traits()));
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
     * stored run); this reports the profiles in {@code rescored} as changed.
     */
    @Override
    public void useScores(ProfileScores newScores, long[] rescored) {
        // TODO(segments): report rescored to the change feed
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
        Profiles.ProfileFacts facts = field -> ProfileFields.value(visiting[0], current[0], field, now, held);
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
