package io.percept.profile;

import io.percept.eventlog.AppendReceipt;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.PersonalData;
import io.percept.platform.StoreException;
import io.percept.profile.domain.ProfileState;
import io.percept.profile.domain.RfmScale;
import io.percept.profile.domain.TopCounts;
import io.percept.profile.domain.TopicCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reading and administering profiles: lookups by id or identifier (from memory), timelines and
 * the identity audit (from the store), search, split, erasure and export. Thread-safe.
 */
public final class Profiles implements ScoredProfiles {

    /** Most events a timeline page holds. */
    public static final int MAX_PAGE = 500;
    /** How far back {@code topics90d} counts topic mentions. */
    static final Duration RECENT_TOPICS = Duration.ofDays(90);

    private final ProfileStore store;
    private final UnifyProcessor processor;
    private final EventLog eventLog;
    private final EmbeddedStore database;
    private final ProfileSettings settings;
    private final Clock clock;
    private volatile ProfileScores scores = ProfileScores.NONE;
    private volatile RfmScale rfm;
    private volatile long rfmAtNanos;

    Profiles(ProfileStore store, UnifyProcessor processor, EventLog eventLog, EmbeddedStore database, ProfileSettings settings, Clock clock) {
        this.store = store;
        this.processor = processor;
        this.eventLog = eventLog;
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    /** Reading recent topics as of the system clock. */
    Profiles(ProfileStore store, UnifyProcessor processor, EventLog eventLog, EmbeddedStore database, ProfileSettings settings) {
        this(store, processor, eventLog, database, settings, Clock.systemUTC());
    }

    /** The profile {@code id} is, or was merged into. */
    public Optional<ProfileView> get(long id) {
        if (id <= 0) {
            return Optional.empty();
        }
        RfmScale scale = rfmScale();
        return store.read(() -> store.current(new ProfileId(id)).map(live -> view(live, live.value() == id ? null : id, scale)));
    }

    /**
     * A short summary of the live profile {@code id} for messages about it (rule webhooks): id,
     * identifiers, traits, orders, netRevenue, lastOrder, preferredChannel, location, voice and
     * scores, as in {@link #get}'s view, without the costlier attributes (RFM, favourites).
     */
    public Optional<Map<String, Object>> summary(long id) {
        if (id <= 0) {
            return Optional.empty();
        }
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        return store.read(() -> store.current(new ProfileId(id)).map(live -> {
            ProfileState state = store.state(live);
            if (state == null) {
                state = new ProfileState();
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", live.value());
            summary.put("identifiers", identifiers(live));
            summary.put("traits", state.traits());
            summary.put("orders", state.orders());
            summary.put("netRevenue", round(state.netRevenue()));
            summary.put("lastOrder", state.orders() > 0 ? micros(state.lastOrderMicros()) : null);
            summary.put("preferredChannel", state.preferredChannel() == null ? null : state.preferredChannel().wireName());
            summary.put("location", location(state));
            summary.put("voice", voice(state, now));
            Map<String, Object> scored = scores.all(live.value());
            summary.put("scores", scored.isEmpty() ? null : scored);
            return summary;
        }));
    }

    /**
     * The profile holding an identifier; the value is normalised as events' values are.
     *
     * @throws IllegalArgumentException if the type is unknown
     */
    public Optional<ProfileView> byIdentifier(String type, String value) {
        Optional<Identifier> identifier = normalize(type, value);
        if (identifier.isEmpty()) {
            return Optional.empty();
        }
        RfmScale scale = rfmScale();
        return store.read(() -> store.profileOf(identifier.get()).map(live -> view(live, null, scale)));
    }

    /** The live profile's id, if {@code id} is or was one. */
    public Optional<Long> live(long id) {
        return id <= 0 ? Optional.empty() : store.read(() -> store.current(new ProfileId(id)).map(ProfileId::value));
    }

    @Override
    public long[] profilesOf(List<String> identifiers) {
        Map<String, IdentifierType> types = store.extractor().rules().typesByName();
        return store.read(() -> {
            long[] ids = new long[identifiers.size()];
            for (int i = 0; i < ids.length; i++) {
                Identifier identifier = typed(identifiers.get(i), types);
                if (identifier != null) {
                    ids[i] = store.profileOf(identifier).map(ProfileId::value).orElse(0L);
                }
            }
            return ids;
        });
    }

    /** The identifier a {@code type:value} name stands for, or {@code null} for an unknown type or an impossible value. */
    static Identifier typed(String name, Map<String, IdentifierType> types) {
        int colon = name == null ? -1 : name.indexOf(':');
        IdentifierType type = colon > 0 ? types.get(name.substring(0, colon)) : null;
        return type != null && colon < name.length() - 1 && name.length() - colon - 1 <= Identifier.MAX_LENGTH
                ? new Identifier(type, name.substring(colon + 1)) : null;
    }

    /** An order event's amount as profiles count it: {@code revenue}, else {@code total}, else {@code value}, else the sum of its lines. */
    public static double orderAmount(Attributes properties) {
        return ProfileState.amount(properties);
    }

    @Override
    public int count() {
        return store.read(store::profileCount);
    }

    /** Where the unify processor stands in the log. */
    public long position() {
        return processor.position();
    }

    /** Profiles whose changes are not yet in the {@code profiles} table (0 when the mirror is current). */
    public int mirrorBacklog() {
        return processor.mirrorBacklog();
    }

    /** Events that carried no usable identifier (so belong to no profile). */
    public long unattributedEvents() {
        return processor.unattributed();
    }

    /**
     * A page of a profile's events, newest first.
     *
     * @param before only events with a seq below this (the previous page's {@code next}); null for the newest
     */
    public Optional<TimelinePage> events(long id, Long before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE);
        }
        Optional<List<String>> names = identifierNames(id);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        List<Long> seqs = seqsUnder(names.get(), before, limit + 1, "the timeline of profile " + id);
        boolean more = seqs.size() > limit;
        List<Long> page = more ? seqs.subList(0, limit) : seqs;
        List<LoggedEvent> events = new ArrayList<>(eventLog.read(page.stream().mapToLong(Long::longValue).toArray()));
        events.sort(Comparator.comparingLong(LoggedEvent::seq).reversed());
        return Optional.of(new TimelinePage(events, more ? page.get(page.size() - 1) : null));
    }

    /** The seqs of the events indexed under any of {@code names}, before {@code before} if given, newest first, at most {@code limit}. */
    private List<Long> seqsUnder(List<String> names, Long before, int limit, String what) {
        List<Long> seqs = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT DISTINCT seq FROM event_identities WHERE identifier IN (");
        appendPlaceholders(sql, names.size());
        sql.append(')').append(before != null ? " AND seq < ?" : "").append(" ORDER BY seq DESC LIMIT ?");
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (String name : names) {
                select.setString(i++, database.cipher().sealDeterministic(name));
            }
            if (before != null) {
                select.setLong(i++, before);
            }
            select.setInt(i, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading " + what + " failed: " + e.getMessage(), e);
        }
        return seqs;
    }

    /** A page of a timeline; {@code next} is the {@code before} of the next page, or null at the end. */
    public record TimelinePage(List<LoggedEvent> events, Long next) {
    }

    /** One entry of the identity audit. */
    public record AuditEntry(long seq, Instant at, String kind, long profile, Long otherProfile, String identifier, String rule,
            String detail) {
    }

    /** The identity audit of a live profile and of every profile merged into it, oldest first. */
    public Optional<List<AuditEntry>> audit(long id) {
        Optional<Long> live = live(id);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement("""
                WITH RECURSIVE family(profile_id) AS (
                    SELECT CAST(? AS BIGINT)
                    UNION
                    SELECT a.other_profile FROM identity_audit a JOIN family f ON a.profile_id = f.profile_id
                    WHERE a.kind = 'merge'
                )
                SELECT seq, happened_at, kind, profile_id, other_profile, identifier, rule, detail FROM identity_audit
                WHERE profile_id IN (SELECT profile_id FROM family) OR (kind = 'merge' AND other_profile IN (SELECT profile_id FROM family))
                ORDER BY seq, kind""")) {
            select.setLong(1, live.get());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long other = rows.getLong(5);
                    Long otherProfile = rows.wasNull() ? null : other;
                    entries.add(new AuditEntry(rows.getLong(1), rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            rows.getString(3), rows.getLong(4), otherProfile, database.cipher().open(rows.getString(6)), rows.getString(7),
                            rows.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the identity audit of profile " + id + " failed: " + e.getMessage(), e);
        }
        return Optional.of(entries);
    }

    /** What a split or an erasure request came to. */
    public record ControlResult(boolean applied, boolean pending, String problem, long seq, List<Long> profiles, int identifiers,
            int events) {
    }

    /**
     * Detaches an identifier from a profile: written to the log (so a replay repeats it), then
     * applied by the processor, which recomputes and rebuilds the profiles involved.
     *
     * @throws IllegalArgumentException if the type is unknown or the value unusable
     */
    public Optional<ControlResult> split(long id, String type, String value) {
        Identifier identifier = normalize(type, value)
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a usable " + type + " value"));
        Optional<Long> live = live(id);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("profile_id", live.get());
        properties.put("identifier_type", identifier.type().name());
        properties.put("identifier_value", identifier.value());
        return Optional.of(control(UnifyProcessor.SPLIT, properties));
    }

    /**
     * Erases a profile: its identifiers, its events (deleted from the log) and its audit. Written to
     * the log as a control event that names only the profile id.
     */
    public Optional<ControlResult> erase(long id) {
        Optional<Long> live = live(id);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        if (live.get() != id) {
            throw new IllegalArgumentException("profile " + id + " was merged into " + live.get() + ": erase that one");
        }
        return Optional.of(control(UnifyProcessor.ERASE, Map.of("profile_id", id)));
    }

    private ControlResult control(String name, Map<String, Object> properties) {
        Instant now = Instant.now();
        Event event = Event.builder(EventType.TRACK, new MessageId(UUID.randomUUID().toString()), new SourceName(UnifyProcessor.CONTROL_SOURCE),
                        Channel.WEB)
                .name(name).anonymousId("percept-admin").properties(Attributes.copyOf(properties)).timestamp(now).receivedAt(now).build();
        long seq;
        try {
            AppendReceipt receipt = eventLog.append(List.of(event)).get(settings.controlWait().toMillis(), TimeUnit.MILLISECONDS);
            seq = receipt.lastSeq();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the request to the log", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the request could not be written to the log: " + e.getMessage(), e);
        }
        try {
            if (!processor.awaitPosition(seq, settings.controlWait().toMillis())) {
                return new ControlResult(false, true, null, seq, List.of(), 0, 0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ControlResult(false, true, null, seq, List.of(), 0, 0);
        }
        UnifyProcessor.ControlOutcome outcome = processor.outcome(seq).orElse(null);
        if (outcome == null) {
            return new ControlResult(false, false, "the processor did not report on the request", seq, List.of(), 0, 0);
        }
        return new ControlResult(outcome.done(), false, outcome.problem(), seq,
                outcome.profiles().stream().map(ProfileId::value).sorted().toList(), outcome.identifiers(), outcome.events());
    }

    /** Everything held about a person: the profile, trait provenance, identity audit and every event (oldest first). */
    public Optional<Map<String, Object>> export(long id) {
        Optional<ProfileView> profile = get(id);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        long live = profile.get().id();
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("exportedAt", Instant.now().toString());
        export.put("profile", profile.get());
        export.put("traitHistory", store.read(() -> {
            ProfileState state = store.state(new ProfileId(live));
            return state == null ? Map.of() : state.traitProvenance();
        }));
        export.put("identityAudit", audit(live).orElse(List.of()));
        List<LoggedEvent> events = new ArrayList<>();
        Long before = null;
        do {
            TimelinePage page = events(live, before, MAX_PAGE).orElse(new TimelinePage(List.of(), null));
            events.addAll(page.events());
            before = page.next();
        } while (before != null);
        events.sort(Comparator.comparingLong(LoggedEvent::seq));
        export.put("events", events);
        List<LoggedEvent> about = aboutEvents(live);
        export.put("aboutEvents", about);
        List<LoggedEvent> all = new ArrayList<>(events);
        all.addAll(about);
        PersonalData.Person person = person(live, all);
        export.put("derived", derived(person));
        Map<String, List<Object>> files = new java.util.TreeMap<>();
        processor.personalData().forEach(owner -> files.putAll(owner.elsewhere(person)));
        export.put("files", files);
        return Optional.of(export);
    }

    /** Percept's own events about the person (segment membership, rules' events), which are not in the timeline. */
    private List<LoggedEvent> aboutEvents(long live) {
        List<String> names = identifierNames(live).orElse(List.of()).stream().map(name -> UnifyProcessor.ABOUT_PREFIX + name).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        List<Long> seqs = seqsUnder(names, null, Integer.MAX_VALUE, "the events about profile " + live);
        List<LoggedEvent> events = new ArrayList<>(eventLog.read(seqs.stream().mapToLong(Long::longValue).toArray()));
        events.sort(Comparator.comparingLong(LoggedEvent::seq));
        return events;
    }

    private PersonalData.Person person(long live, List<LoggedEvent> events) {
        Set<String> identifiers = new java.util.HashSet<>();
        store.read(() -> {
            store.identifiers(new ProfileId(live)).forEach(identifier -> identifiers.add(identifier.toString()));
            return null;
        });
        return new PersonalData.Person(live, identifiers, events.stream().mapToLong(LoggedEvent::seq).toArray());
    }

    /** The modules' rows about the person ({@link PersonalData}), by table: what an erasure deletes with the events. */
    private Map<String, List<Map<String, Object>>> derived(PersonalData.Person person) {
        Map<String, List<Map<String, Object>>> derived = new java.util.TreeMap<>();
        try (Connection connection = database.dataSource().getConnection()) {
            for (PersonalData owner : processor.personalData()) {
                for (PersonalData.Table table : owner.tables()) {
                    List<Map<String, Object>> rows = PersonalData.select(connection, table, person);
                    if (!rows.isEmpty()) {
                        derived.computeIfAbsent(table.name(), name -> new ArrayList<>()).addAll(rows);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the rows held about profile " + person.profileId(), e);
        }
        return derived;
    }

    /**
     * Profiles matching every filter, sorted, paged. A filter is {@code field op value} with op one
     * of {@code = != > >= < <= ~} ({@code ~}: contains, ignoring case); fields are attribute names
     * ({@code orders}, {@code revenue}, {@code country}, ...), {@code traits.<name>} or an
     * identifier type ({@code email}, {@code user_id}, ...).
     */
    public SearchResult search(List<String> filters, String sort, int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        ProfileSearch search = ProfileSearch.parse(filters, sort, scores);
        RfmScale scale = rfmScale();
        return store.read(() -> {
            List<Map.Entry<Long, ProfileState>> matches = new ArrayList<>();
            for (Map.Entry<Long, ProfileState> entry : store.states().entrySet()) {
                if (search.matches(entry.getKey(), entry.getValue(), () -> store.identifiers(new ProfileId(entry.getKey())))) {
                    matches.add(entry);
                }
            }
            matches.sort(search.order());
            List<ProfileView> page = new ArrayList<>();
            for (int i = offset; i < Math.min(matches.size(), offset + limit); i++) {
                page.add(view(new ProfileId(matches.get(i).getKey()), null, scale));
            }
            return new SearchResult(matches.size(), page);
        });
    }

    /** A profile's fields, as {@link ProfileFields} names them; valid only during the visit that passed it. */
    @FunctionalInterface
    public interface ProfileFacts {

        /** The field's value, or {@code null}. */
        Object value(String field);
    }

    /** Visits profiles. */
    @FunctionalInterface
    public interface ProfileVisitor {

        void visit(long profileId, ProfileFacts facts);
    }

    /**
     * Visits every live profile under the read lock (unify waits meanwhile: keep the visit quick and
     * do not call back into this facade). One facts object is reused for all profiles.
     *
     * @return how many profiles were visited
     */
    @Override
    public int forEach(ProfileVisitor visitor) {
        long now = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        return store.read(() -> {
            ProfileState[] current = new ProfileState[1];
            long[] id = new long[1];
            ProfileScores held = scores;
            ProfileFacts facts = field -> ProfileFields.value(id[0], current[0], field, now, held);
            for (Map.Entry<Long, ProfileState> entry : store.states().entrySet()) {
                current[0] = entry.getValue();
                id[0] = entry.getKey();
                visitor.visit(entry.getKey(), facts);
            }
            return store.states().size();
        });
    }

    /** Visits the live profiles among {@code ids} (merged ids are skipped), as {@link #forEach}. */
    @Override
    public void forEach(long[] ids, ProfileVisitor visitor) {
        long now = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        store.read(() -> {
            ProfileState[] current = new ProfileState[1];
            long[] visiting = new long[1];
            ProfileScores held = scores;
            ProfileFacts facts = field -> ProfileFields.value(visiting[0], current[0], field, now, held);
            for (long id : ids) {
                current[0] = store.states().get(id);
                visiting[0] = id;
                if (current[0] != null) {
                    visitor.visit(id, facts);
                }
            }
            return null;
        });
    }

    /** Told which profiles changed (and which are gone: merged into another or erased) after each batch the unify processor commits. */
    @FunctionalInterface
    public interface ProfileChanges {

        /** Called on the unify processor's thread: must be quick (hand the ids to another thread). */
        void changed(long[] changed, long[] gone);
    }

    /** Tells the change listeners (segments) that the profiles in {@code rescored} changed, so segments over scores follow. */
    @Override
    public void useScores(ProfileScores newScores, long[] rescored) {
        scores = consented(java.util.Objects.requireNonNull(newScores, "scores"));
        if (rescored.length > 0) {
            processor.notifyExternalChanges(rescored);
        }
    }

    /**
     * {@code given} as far as profiling consent allows: a profile that refused it (or never gave it in
     * opt-in mode) shows no scores and its score fields read as null, from its statement on, even
     * before the next prediction run leaves it out. Called under the read lock, as scores are.
     */
    private ProfileScores consented(ProfileScores given) {
        ConsentMode mode = settings.consent();
        return new ProfileScores() {
            @Override
            public Object value(long profileId, String field) {
                return allowed(profileId) ? given.value(profileId, field) : null;
            }

            @Override
            public Map<String, Object> all(long profileId) {
                return allowed(profileId) ? given.all(profileId) : Map.of();
            }

            private boolean allowed(long profileId) {
                ProfileState state = store.states().get(profileId);
                return state != null && mode.allows(state.profilingConsent());
            }
        };
    }

    /** Registers {@code listener} for every batch of profile changes from now on. */
    public void onChanges(ProfileChanges listener) {
        processor.onChanges(listener);
    }

    @Override
    public Map<Long, String[]> eventIds(long[] ids) {
        return store.read(() -> {
            Map<Long, String[]> found = new java.util.HashMap<>(ids.length * 2);
            for (long id : ids) {
                if (store.states().containsKey(id)) {
                    ProfileReader.eventIdsOf(store.identifiers(new ProfileId(id))).ifPresent(pair -> found.put(id, pair));
                }
            }
            return found;
        });
    }

    /**
     * The identifiers of the live profiles among {@code ids} whose type is one of {@code types}, as the
     * log names them ({@code type:value}), each with the id of the profile holding it; merged or
     * unknown ids are skipped. Read under the read lock, in memory.
     */
    public Map<String, Long> identifiersOf(long[] ids, java.util.Set<String> types) {
        return store.read(() -> {
            Map<String, Long> found = new java.util.HashMap<>(ids.length * 2);
            for (long id : ids) {
                if (store.states().containsKey(id)) {
                    for (Identifier identifier : store.identifiers(new ProfileId(id))) {
                        if (types.contains(identifier.type().name())) {
                            found.put(identifier.toString(), id);
                        }
                    }
                }
            }
            return found;
        });
    }

    /** Search results: how many matched, and the requested page. */
    public record SearchResult(int total, List<ProfileView> profiles) {
    }

    private Optional<Identifier> normalize(String type, String value) {
        IdentifierType known = store.extractor().rules().typesByName().get(type);
        if (known == null) {
            throw new IllegalArgumentException("unknown identifier type '" + type + "' (known: "
                    + String.join(", ", store.extractor().rules().typesByName().keySet().stream().sorted().toList()) + ")");
        }
        return store.extractor().normalize(known, value);
    }

    private Optional<List<String>> identifierNames(long id) {
        return store.read(() -> store.current(new ProfileId(id))
                .map(live -> store.identifiers(live).stream().map(Identifier::toString).toList()));
    }

    private static void appendPlaceholders(StringBuilder sql, int count) {
        for (int i = 0; i < count; i++) {
            sql.append(i > 0 ? ",?" : "?");
        }
    }

    /** The RFM scale, recomputed from all profiles at most once a minute. */
    RfmScale rfmScale() {
        RfmScale scale = rfm;
        if (scale != null && System.nanoTime() - rfmAtNanos < TimeUnit.MINUTES.toNanos(1)) {
            return scale;
        }
        scale = store.read(() -> {
            long asOf = store.newestEvent();
            int n = 0;
            for (ProfileState state : store.states().values()) {
                n += state.orders() > 0 ? 1 : 0;
            }
            double[] days = new double[n];
            double[] orders = new double[n];
            double[] money = new double[n];
            int i = 0;
            for (ProfileState state : store.states().values()) {
                if (state.orders() > 0) {
                    days[i] = RfmScale.recencyDays(state.lastOrderMicros(), asOf);
                    orders[i] = state.orders();
                    money[i++] = state.netRevenue();
                }
            }
            return RfmScale.of(asOf, days, orders, money);
        });
        rfm = scale;
        rfmAtNanos = System.nanoTime();
        return scale;
    }

    /** Call under the read lock. */
    private ProfileView view(ProfileId id, Long requested, RfmScale scale) {
        ProfileState state = store.state(id);
        if (state == null) {
            state = new ProfileState();
        }
        List<Map<String, String>> identifiers = identifiers(id);
        Map<String, Boolean> consent = new LinkedHashMap<>();
        consent.put("marketing", state.marketingConsent());
        consent.put("profiling", state.profilingConsent());
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        Map<String, Object> attributes = attributes(state, scale, now);
        Map<String, Object> scored = scores.all(id.value());
        attributes.put("scores", scored.isEmpty() ? null : scored);
        return new ProfileView(id.value(), requested, identifiers, state.traits(), consent, attributes, store.merges(id));
    }

    private List<Map<String, String>> identifiers(ProfileId id) {
        List<Map<String, String>> identifiers = new ArrayList<>();
        for (Identifier identifier : store.identifiers(id)) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("type", identifier.type().name());
            entry.put("value", identifier.value());
            identifiers.add(entry);
        }
        return identifiers;
    }

    private static Map<String, String> location(ProfileState state) {
        Map<String, String> region = new LinkedHashMap<>();
        region.put("country", state.country());
        region.put("region", state.region());
        region.put("city", state.city());
        return region;
    }

    private static Map<String, Object> attributes(ProfileState state, RfmScale scale, long nowMicros) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("firstSeen", state.hasEvents() ? micros(state.firstSeenMicros()) : null);
        attributes.put("lastSeen", state.hasEvents() ? micros(state.lastSeenMicros()) : null);
        attributes.put("events", state.events());
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            if (state.eventsOfType(type) > 0) {
                byType.put(type.wireName(), state.eventsOfType(type));
            }
        }
        attributes.put("eventsByType", byType);
        Map<String, Integer> byChannel = new LinkedHashMap<>();
        for (Channel channel : Channel.values()) {
            if (state.eventsOnChannel(channel) > 0) {
                byChannel.put(channel.wireName(), state.eventsOnChannel(channel));
            }
        }
        attributes.put("eventsByChannel", byChannel);
        attributes.put("preferredChannel", state.preferredChannel() == null ? null : state.preferredChannel().wireName());
        attributes.put("orders", state.orders());
        attributes.put("revenue", round(state.revenue()));
        attributes.put("refunds", state.refunds());
        attributes.put("refunded", round(state.refunded()));
        attributes.put("netRevenue", round(state.netRevenue()));
        attributes.put("averageOrderValue", round(state.averageOrderValue()));
        attributes.put("firstOrder", state.orders() > 0 ? micros(state.firstOrderMicros()) : null);
        attributes.put("lastOrder", state.orders() > 0 ? micros(state.lastOrderMicros()) : null);
        RfmScale.Rfm rfm = scale.score(state);
        if (rfm != null) {
            Map<String, Object> rfmView = new LinkedHashMap<>();
            rfmView.put("recencyDays", rfm.recencyDays());
            rfmView.put("frequency", rfm.frequency());
            rfmView.put("monetary", round(rfm.monetary()));
            rfmView.put("r", rfm.r());
            rfmView.put("f", rfm.f());
            rfmView.put("m", rfm.m());
            rfmView.put("cell", rfm.cell());
            rfmView.put("asOf", micros(scale.asOfMicros()));
            attributes.put("rfm", rfmView);
        } else {
            attributes.put("rfm", null);
        }
        attributes.put("favouriteCategories", names(state.favouriteCategories(3)));
        attributes.put("favouriteProducts", names(state.favouriteProducts(3)));
        attributes.put("devices", names(state.devices(5)));
        attributes.put("activeHours", state.hours());
        attributes.put("activeWeekdays", state.weekdays());
        attributes.put("location", location(state));
        attributes.put("voice", voice(state, nowMicros));
        return attributes;
    }

    /** What the person said; null when they said nothing. */
    private static Map<String, Object> voice(ProfileState state, long nowMicros) {
        if (!state.hasVoice()) {
            return null;
        }
        Map<String, Object> voice = new LinkedHashMap<>();
        voice.put("texts", state.texts());
        voice.put("averageSentiment", state.averageSentiment() == null ? null : Math.round(state.averageSentiment() * 10_000) / 10_000.0);
        voice.put("lastSentiment", state.lastSentiment());
        voice.put("lastSentimentAt", state.texts() > 0 ? micros(state.lastSentimentMicros()) : null);
        voice.put("lastSentimentLabel", state.lastTone() == null ? null : state.lastTone().wireName());
        voice.put("negativeTexts", state.negativeTexts());
        voice.put("complaints", state.complaints());
        voice.put("openComplaints", state.openComplaints());
        List<Map<String, Object>> topics = new ArrayList<>();
        for (TopicCount count : state.topicsSince(nowMicros - RECENT_TOPICS.toNanos() / 1_000)) {
            Map<String, Object> topic = new LinkedHashMap<>();
            topic.put("topic", count.topic());
            topic.put("mentions", count.mentions());
            topic.put("negative", count.negative());
            topics.add(topic);
        }
        voice.put("topics90d", topics);
        return voice;
    }

    private static List<String> names(List<TopCounts.Entry> entries) {
        return entries.stream().map(TopCounts.Entry::key).toList();
    }

    private static String micros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
