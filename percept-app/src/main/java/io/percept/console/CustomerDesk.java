package io.percept.console;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.prediction.Predictions;
import io.percept.insight.Products;
import io.percept.profile.ProfileView;
import io.percept.profile.Profiles;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's customer 360 for the front line: finding a customer by phone, email, name, profile id
 * or any identifier, one customer's profile with predicted needs, voice and the next best action, and
 * the cross-channel timeline a page at a time. Personal data is masked unless the caller may see it
 * ({@link PiiMask}); the web layer audits unmasked views. Reads {@link Profiles}, {@link Predictions},
 * the text perceptions and segment members (read-only SQL) and the event log.
 */
public final class CustomerDesk {

    /** Most search results. */
    public static final int SEARCH_LIMIT = 20;
    /** Events in a timeline page. */
    public static final int TIMELINE_PAGE = 20;
    /** Events read at a time, and at most per call, when the timeline shows some kinds only. */
    static final int TIMELINE_SCAN_PAGE = 200;
    static final int TIMELINE_SCAN = 2_000;
    /** The kinds of interaction the timeline tells apart (see {@link #kind}). */
    public static final List<String> KINDS = List.of("order", "refund", "visit", "review", "ticket", "telemetry", "note", "survey", "social",
            "profile", "other");
    /** Most texts in the sentiment history. */
    static final int TEXTS = 200;
    /** Most complaints listed. */
    static final int COMPLAINTS = 10;
    /** Sentiment below which a text counts as negative. */
    static final double NEGATIVE = -0.1;

    private static final Pattern PROFILE_ID = Pattern.compile("[0-9]{1,15}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{6,20}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> EXACT_TYPES = List.of("user_id", "anonymous_id", "device_id");

    /** A search hit: personal fields masked unless the caller may see them. */
    public record Match(long id, String name, String phone, String email, String region, String city, int orders, double netRevenue,
                        String lastSeen) {
    }

    /** Search results; {@code exact} when the query named exactly one customer (by id or identifier). */
    public record Found(String query, boolean exact, int total, List<Match> matches, Set<String> piiShown) {
    }

    public record Identifier(String type, String value, boolean masked) {
    }

    /** Consent as recorded: {@code null} values were never stated; {@code recorded} false when neither was. */
    public record Consent(Boolean marketing, Boolean profiling, boolean recorded) {
    }

    /** Orders and revenue as the profile counts them (yuan); dates in the business zone. */
    public record Purchases(int orders, double revenue, double netRevenue, int refunds, double averageOrderValue, String firstOrder,
                            String lastOrder, Long daysSinceLastOrder, String rfmCell, List<String> favouriteCategories,
                            List<String> favouriteProducts) {
    }

    /** A category propensity of the newest prediction run. */
    public record Propensity(String target, double probability) {
    }

    /**
     * The newest prediction run's scores; {@code run} null (and the rest empty) before the first run.
     *
     * @param recommended      the recommended products' codes
     * @param recommendedNames their names as orders named them (the code when none did), in the same order
     */
    public record Predicted(String run, Double churnRisk, Double pAlive, Double expectedPurchases, Double clv, String cluster,
                            List<Propensity> propensities, List<String> recommended, List<String> recommendedNames,
                            List<Map<String, Object>> churnDrivers) {
    }

    /** One of the customer's texts as the text perception scored it. */
    public record Voice(long seq, String at, String event, String channel, String subject, String text, double score, String sentiment,
                        boolean complaint, List<String> topics) {
    }

    /** The profile page. */
    public record Customer(long id, Long requestedId, String name, List<Identifier> identifiers, Consent consent, Map<String, String> traits,
                           String region, String city, List<String> tags, List<String> segments, String preferredChannel, int events,
                           String firstSeen, String lastSeen, Purchases purchases, Predicted predicted, int texts, Double averageSentiment,
                           int openComplaints, List<Voice> sentiment, List<Voice> complaints, NextBestAction.Action nextBestAction,
                           Set<String> piiShown) {
    }

    /**
     * One event of the timeline. {@code kind}: order, refund, visit, review, ticket, telemetry, note, survey, social, profile or other;
     * {@code amount}, {@code products}, {@code text}, {@code score} ... are set where the kind has them.
     */
    public record Entry(long seq, String at, String kind, String event, String channel, String source, Double amount, List<String> products,
                        String subject, String text, Double rating, Double score, String sentiment, String detail) {
    }

    /** A page of the timeline; {@code next} is the {@code before} of the following page, null at the end. */
    public record Timeline(long id, List<Entry> entries, Long next) {
    }

    private final Profiles profiles;
    private final Predictions predictions;
    /** How unstated consent counts: decides whether the next best action may be an offer. */
    private final io.percept.profile.ConsentMode consent;
    private final EventLog log;
    private final JdbcClient jdbc;
    private final Set<String> orderEvents;
    private final List<String> textProperties;
    private final ZoneId zone;
    private final java.time.Clock clock;
    private final Products products;

    CustomerDesk(Profiles profiles, Predictions predictions, EventLog log, JdbcClient jdbc, Set<String> orderEvents, List<String> textProperties,
            ZoneId zone, java.time.Clock clock, Products products, io.percept.profile.ConsentMode consent) {
        this.consent = consent;
        this.products = products;
        this.profiles = profiles;
        this.predictions = predictions;
        this.log = log;
        this.jdbc = jdbc;
        this.orderEvents = Set.copyOf(orderEvents);
        this.textProperties = List.copyOf(textProperties);
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * Customers matching {@code query}: a profile id, a phone number or email (normalised as identity does), an exact user,
     * anonymous or device id, else a part of the name.
     *
     * @throws IllegalArgumentException for a blank or over-long query
     */
    public Found search(String query, boolean pii) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 100) {
            throw new IllegalArgumentException("type a phone number, email, name or id to search (1 to 100 characters)");
        }
        Map<Long, ProfileView> exact = new LinkedHashMap<>();
        if (PROFILE_ID.matcher(q).matches()) {
            profiles.get(Long.parseLong(q)).ifPresent(view -> exact.put(view.id(), view));
        }
        if (q.contains("@")) {
            profiles.byIdentifier("email", q).ifPresent(view -> exact.put(view.id(), view));
        }
        if (PHONE.matcher(q).matches()) {
            profiles.byIdentifier("phone", q).ifPresent(view -> exact.put(view.id(), view));
        }
        for (String type : EXACT_TYPES) {
            profiles.byIdentifier(type, q).ifPresent(view -> exact.put(view.id(), view));
        }
        List<ProfileView> found = new ArrayList<>(exact.values());
        int total = found.size();
        if (found.isEmpty()) {
            Profiles.SearchResult byName = profiles.search(List.of("traits.name ~ " + q), "revenue:desc", SEARCH_LIMIT, 0);
            found.addAll(byName.profiles());
            total = byName.total();
        }
        Set<String> shown = new LinkedHashSet<>();
        List<Match> matches = new ArrayList<>();
        for (ProfileView view : found) {
            matches.add(match(view, pii, shown));
        }
        return new Found(q, exact.size() == 1, total, matches, shown);
    }

    /**
     * The customer a console link names: a profile id (also one merged into another), else a user id; empty when there is none.
     */
    public Optional<Customer> customer(String key, boolean pii, String language) {
        return resolve(key).map(view -> customer(view, pii, language));
    }

    /** The live profile a key names: a profile id first, then a user id. */
    public Optional<ProfileView> resolve(String key) {
        if (key == null || key.isBlank() || key.length() > 256) {
            return Optional.empty();
        }
        Optional<ProfileView> view = PROFILE_ID.matcher(key).matches() ? profiles.get(Long.parseLong(key)) : Optional.empty();
        return view.isPresent() ? view : profiles.byIdentifier("user_id", key);
    }

    /**
     * A page of the customer's events, newest first, {@value #TIMELINE_PAGE} at a time.
     *
     * @param before the previous page's {@code next}; null for the newest
     */
    public Optional<Timeline> timeline(long id, Long before) {
        return timeline(id, before, Set.of());
    }

    /**
     * A page of the customer's events of the given kinds (all when empty), newest first, up to
     * {@value #TIMELINE_PAGE}: the events are read a page of {@value #TIMELINE_SCAN_PAGE} at a time and
     * at most {@value #TIMELINE_SCAN} per call, so a kind drowned in telemetry still answers at once (the
     * page may then be shorter, its {@code next} going on where the reading stopped).
     *
     * @throws IllegalArgumentException for a kind that is not one of {@link #KINDS}
     */
    public Optional<Timeline> timeline(long id, Long before, Set<String> kinds) {
        for (String kind : kinds) {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind must be one of " + String.join(", ", KINDS) + ", was '" + kind + "'");
            }
        }
        if (kinds.isEmpty()) {
            return profiles.events(id, before, TIMELINE_PAGE).map(page -> new Timeline(id, entries(page.events()), page.next()));
        }
        List<LoggedEvent> chosen = new ArrayList<>();
        Long cursor = before;
        int read = 0;
        while (chosen.size() < TIMELINE_PAGE && read < TIMELINE_SCAN) {
            Optional<Profiles.TimelinePage> page = profiles.events(id, cursor, TIMELINE_SCAN_PAGE);
            if (page.isEmpty()) {
                return read == 0 ? Optional.empty() : Optional.of(new Timeline(id, entries(chosen), null));
            }
            for (LoggedEvent logged : page.get().events()) {
                read++;
                cursor = logged.seq();
                if (kinds.contains(kind(logged.event()))) {
                    chosen.add(logged);
                    if (chosen.size() == TIMELINE_PAGE) {
                        break;
                    }
                }
            }
            if (page.get().next() == null && chosen.size() < TIMELINE_PAGE) {
                return Optional.of(new Timeline(id, entries(chosen), null));
            }
        }
        return Optional.of(new Timeline(id, entries(chosen), cursor));
    }

    private List<Entry> entries(List<LoggedEvent> events) {
        Map<Long, Object[]> scored = scores(events.stream().mapToLong(LoggedEvent::seq).toArray());
        List<Entry> entries = new ArrayList<>();
        for (LoggedEvent logged : events) {
            entries.add(entry(logged, scored.get(logged.seq())));
        }
        return entries;
    }

    private Customer customer(ProfileView view, boolean pii, String language) {
        Set<String> shown = new LinkedHashSet<>();
        List<Identifier> identifiers = new ArrayList<>();
        for (Map<String, String> identifier : view.identifiers()) {
            String type = identifier.get("type");
            boolean personal = PiiMask.PERSONAL_IDENTIFIERS.contains(type);
            if (personal && pii) {
                shown.add(type);
            }
            identifiers.add(new Identifier(type, personal && !pii ? PiiMask.mask(type, identifier.get("value")) : identifier.get("value"), personal && !pii));
        }
        Map<String, String> traits = new LinkedHashMap<>();
        for (Map.Entry<String, Object> trait : new java.util.TreeMap<>(view.traits()).entrySet()) {
            if (trait.getKey().equals("tags") || trait.getValue() == null || trait.getValue() instanceof Map) {
                continue;
            }
            traits.put(trait.getKey(), personal(trait.getKey(), String.valueOf(trait.getValue()), pii, shown));
        }
        Map<String, Object> attributes = view.attributes();
        Map<?, ?> location = (Map<?, ?>) attributes.get("location");
        Map<?, ?> voice = (Map<?, ?>) attributes.get("voice");
        Purchases purchases = purchases(attributes);
        Predicted predicted = predicted(predictions.scoresOf(view.id()), language);
        List<Voice> texts = voices(view);
        List<Voice> complaints = texts.stream().filter(text -> text.complaint() || text.score() < NEGATIVE)
                .sorted(Comparator.comparingLong(Voice::seq).reversed()).limit(COMPLAINTS).toList();
        int open = voice == null ? 0 : ((Number) voice.get("openComplaints")).intValue();
        Propensity best = predicted.propensities().isEmpty() ? null : predicted.propensities().get(0);
        NextBestAction.Action action = NextBestAction.decide(new NextBestAction.Facts(open, purchases.orders(), purchases.netRevenue(),
                purchases.daysSinceLastOrder(), predicted.churnRisk(), predicted.clv(), best == null ? null : best.target(),
                best == null ? null : best.probability(), predicted.recommended().isEmpty() ? null : predicted.recommendedNames().get(0),
                consent.allows(view.consent().get("marketing"))), language);
        Boolean marketing = view.consent().get("marketing");
        Boolean profiling = view.consent().get("profiling");
        Object tags = view.traits().get("tags");
        return new Customer(view.id(), view.requestedId(), displayName(view.traits(), pii), identifiers,
                new Consent(marketing, profiling, marketing != null || profiling != null), traits, text(location.get("region")),
                text(location.get("city")), tags instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(),
                segments(view.id()), text(attributes.get("preferredChannel")), ((Number) attributes.get("events")).intValue(),
                time(attributes.get("firstSeen")), time(attributes.get("lastSeen")), purchases, predicted,
                voice == null ? 0 : ((Number) voice.get("texts")).intValue(),
                voice == null || voice.get("averageSentiment") == null ? null : ((Number) voice.get("averageSentiment")).doubleValue(), open,
                texts, complaints, action, shown);
    }

    private Match match(ProfileView view, boolean pii, Set<String> shown) {
        String phone = null;
        String email = null;
        for (Map<String, String> identifier : view.identifiers()) {
            if (phone == null && identifier.get("type").equals("phone")) {
                phone = personal("phone", identifier.get("value"), pii, shown);
            }
            if (email == null && identifier.get("type").equals("email")) {
                email = personal("email", identifier.get("value"), pii, shown);
            }
        }
        String name = displayName(view.traits(), pii);
        if (name != null && pii) {
            shown.add("name");
        }
        Map<?, ?> location = (Map<?, ?>) view.attributes().get("location");
        return new Match(view.id(), name, phone, email, text(location.get("region")), text(location.get("city")),
                ((Number) view.attributes().get("orders")).intValue(), ((Number) view.attributes().get("netRevenue")).doubleValue(),
                time(view.attributes().get("lastSeen")));
    }

    private static String personal(String field, String value, boolean pii, Set<String> shown) {
        boolean personal = PiiMask.PERSONAL_TRAITS.contains(field.toLowerCase(Locale.ROOT)) || PiiMask.PERSONAL_IDENTIFIERS.contains(field);
        if (personal && pii) {
            shown.add(field);
        }
        return personal && !pii ? PiiMask.mask(field, value) : value;
    }

    private static String displayName(Map<String, Object> traits, boolean pii) {
        Object name = traits.get("name");
        if (name == null && (traits.get("first_name") != null || traits.get("last_name") != null)) {
            name = (text(traits.get("first_name")) == null ? "" : traits.get("first_name") + " ") + (text(traits.get("last_name")) == null ? ""
                    : traits.get("last_name"));
        }
        if (name == null || String.valueOf(name).isBlank()) {
            return null;
        }
        return pii ? String.valueOf(name).strip() : PiiMask.name(String.valueOf(name));
    }

    private Purchases purchases(Map<String, Object> attributes) {
        int orders = ((Number) attributes.get("orders")).intValue();
        Long since = null;
        if (attributes.get("lastOrder") != null) {
            since = Math.max(0, ChronoUnit.DAYS.between(Instant.parse((String) attributes.get("lastOrder")), clock.instant()));
        }
        Map<?, ?> rfm = (Map<?, ?>) attributes.get("rfm");
        return new Purchases(orders, number(attributes.get("revenue")), number(attributes.get("netRevenue")),
                ((Number) attributes.get("refunds")).intValue(), number(attributes.get("averageOrderValue")), time(attributes.get("firstOrder")),
                time(attributes.get("lastOrder")), since, rfm == null ? null : text(rfm.get("cell")), strings(attributes.get("favouriteCategories")),
                strings(attributes.get("favouriteProducts")));
    }

    private Predicted predicted(Map<String, Object> scores, String language) {
        if (scores.isEmpty()) {
            return new Predicted(null, null, null, null, null, null, List.of(), List.of(), List.of(), List.of());
        }
        List<String> recommended = strings(scores.get("recommended"));
        List<Propensity> propensities = new ArrayList<>();
        if (scores.get("propensities") instanceof Map<?, ?> byTarget) {
            for (Map.Entry<?, ?> target : byTarget.entrySet()) {
                if (target.getValue() instanceof Number p) {
                    propensities.add(new Propensity(String.valueOf(target.getKey()), p.doubleValue()));
                }
            }
        }
        propensities.sort(Comparator.comparingDouble(Propensity::probability).reversed().thenComparing(Propensity::target));
        List<Map<String, Object>> drivers = new ArrayList<>();
        if (scores.get("churnDrivers") instanceof List<?> list) {
            for (Object driver : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) driver;
                drivers.add(map);
            }
        }
        Object cluster = "zh".equals(language) ? scores.get("clusterNameZh") : scores.get("clusterName");
        return new Predicted(text(scores.get("run")), decimal(scores.get("churnRisk")), decimal(scores.get("pAlive")),
                decimal(scores.get("expectedPurchases")), decimal(scores.get("clv")), text(cluster),
                List.copyOf(propensities.subList(0, Math.min(3, propensities.size()))), recommended,
                List.copyOf(products.names(recommended).values()), drivers);
    }

    /** The customer's texts, oldest first, with the words of the newest ones read back from the log. */
    private List<Voice> voices(ProfileView view) {
        List<String> users = new ArrayList<>();
        List<String> anonymous = new ArrayList<>();
        for (Map<String, String> identifier : view.identifiers()) {
            if (identifier.get("type").equals("user_id")) {
                users.add(identifier.get("value"));
            } else if (identifier.get("type").equals("anonymous_id")) {
                anonymous.add(identifier.get("value"));
            }
        }
        if (users.isEmpty() && anonymous.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(users);
        params.addAll(anonymous);
        String where = (users.isEmpty() ? "" : "user_id IN (" + marks(users.size()) + ")") + (users.isEmpty() || anonymous.isEmpty() ? "" : " OR ")
                + (anonymous.isEmpty() ? "" : "anonymous_id IN (" + marks(anonymous.size()) + ")");
        params.add(TEXTS);
        List<Object[]> rows = jdbc.sql("SELECT seq, happened_at, event, channel, score, sentiment, complaint, topics FROM text_perceptions WHERE "
                + where + " ORDER BY seq DESC LIMIT ?").params(params).query((rs, n) -> new Object[] {rs.getLong(1),
                rs.getObject(2, LocalDateTime.class), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getString(6), rs.getBoolean(7),
                rs.getString(8)}).list();
        // the words of the newest texts and of the newest complaints: at most 2 x COMPLAINTS events read back
        List<Long> wanted = new ArrayList<>();
        int negative = 0;
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            boolean complaint = (Boolean) row[6] || (Double) row[4] < NEGATIVE;
            if (i < COMPLAINTS || complaint && negative < COMPLAINTS) {
                wanted.add((Long) row[0]);
            }
            negative += complaint ? 1 : 0;
        }
        Map<Long, Event> events = new HashMap<>();
        for (LoggedEvent logged : log.read(wanted.stream().mapToLong(Long::longValue).toArray())) {
            events.put(logged.seq(), logged.event());
        }
        List<Voice> voices = new ArrayList<>();
        for (Object[] row : rows) {
            Event event = events.get((Long) row[0]);
            String topics = (String) row[7];
            voices.add(new Voice((Long) row[0], TIME.format(((LocalDateTime) row[1]).toInstant(ZoneOffset.UTC).atZone(zone)), (String) row[2],
                    (String) row[3], event == null ? null : event.properties().string("subject").orElse(null), event == null ? null : text(event),
                    Math.round((Double) row[4] * 100) / 100.0, (String) row[5], (Boolean) row[6],
                    topics == null || topics.isBlank() ? List.of() : List.of(topics.split(","))));
        }
        voices.sort(Comparator.comparingLong(Voice::seq));
        return voices;
    }

    private List<String> segments(long id) {
        return jdbc.sql("SELECT DISTINCT name FROM segment_members WHERE profile_id = ? ORDER BY name").param(id).query(String.class).list();
    }

    /** The text perception's score and sentiment of each of {@code seqs} that has one. */
    private Map<Long, Object[]> scores(long[] seqs) {
        if (seqs.length == 0) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>();
        for (long seq : seqs) {
            params.add(seq);
        }
        Map<Long, Object[]> scored = new HashMap<>();
        jdbc.sql("SELECT seq, score, sentiment FROM text_perceptions WHERE seq IN (" + marks(seqs.length) + ")").params(params)
                .query(rs -> {
                    scored.put(rs.getLong(1), new Object[] {Math.round(rs.getDouble(2) * 100) / 100.0, rs.getString(3)});
                });
        return scored;
    }

    private Entry entry(LoggedEvent logged, Object[] scored) {
        Event event = logged.event();
        Attributes properties = event.properties();
        String kind = kind(event);
        Double amount = null;
        if (kind.equals("order") || kind.equals("refund")) {
            amount = Profiles.orderAmount(properties);
        } else if (properties.number("amount").isPresent()) {
            amount = properties.number("amount").getAsDouble();
        }
        List<String> products = new ArrayList<>();
        if (properties.get("products") instanceof List<?> lines) {
            for (Object line : lines) {
                if (line instanceof Map<?, ?> map) {
                    Object name = map.get("name") != null ? map.get("name") : map.get("product_id");
                    Object quantity = map.get("quantity");
                    products.add(name + (quantity instanceof Number q && q.doubleValue() != 1 ? " × " + q.intValue() : ""));
                }
            }
        } else if (properties.get("name") != null && !kind.equals("profile")) {
            products.add(String.valueOf(properties.get("name")));
        } else if (properties.get("product_id") != null) {
            products.add(String.valueOf(properties.get("product_id")));
        }
        String detail = detail(kind, properties);
        return new Entry(logged.seq(), TIME.format(event.timestamp().atZone(zone)), kind, event.name() == null ? event.type().wireName()
                : event.name(), event.channel().wireName(), event.source().value(), amount, products, properties.string("subject").orElse(null),
                text(event), properties.number("rating").isPresent() ? properties.number("rating").getAsDouble() : null,
                scored == null ? null : (Double) scored[0], scored == null ? null : (String) scored[1], detail);
    }

    /** What kind of interaction an event is, by its type, name and channel. */
    String kind(Event event) {
        if (event.type() == EventType.IDENTIFY || event.type() == EventType.ALIAS) {
            return "profile";
        }
        if (event.type() == EventType.PAGE || event.type() == EventType.SCREEN) {
            return "visit";
        }
        String name = event.name() == null ? "" : event.name().toLowerCase(Locale.ROOT);
        String channel = event.channel().wireName();
        if (orderEvents.contains(event.name())) {
            return "order";
        }
        if (name.contains("refund")) {
            return "refund";
        }
        if (name.contains("review")) {
            return "review";
        }
        if (name.contains("ticket") || name.contains("complaint") || channel.equals("service")) {
            return "ticket";
        }
        if (name.contains("survey") || channel.equals("survey")) {
            return "survey";
        }
        if (name.contains("sales visit") || name.contains("note") || channel.equals("sales") && name.contains("visit")) {
            return "note";
        }
        if (name.contains("telemetry") || name.contains("device") || channel.equals("iot")) {
            return "telemetry";
        }
        if (channel.equals("social")) {
            return "social";
        }
        if (name.contains("viewed") || name.contains("added") || name.contains("checkout") || name.contains("search")) {
            return "visit";
        }
        return "other";
    }

    private static String detail(String kind, Attributes properties) {
        List<String> parts = new ArrayList<>();
        for (String key : switch (kind) {
            case "ticket" -> List.of("status", "priority", "category");
            case "telemetry" -> List.of("metric", "value", "error_code", "battery", "model");
            case "survey" -> List.of("survey", "kind", "score");
            case "note" -> List.of("stage", "sales_rep", "competitor");
            case "order", "refund" -> List.of("order_id", "store");
            case "social" -> List.of("platform", "likes");
            case "visit" -> List.of("path", "url", "category");
            default -> List.<String>of();
        }) {
            Object value = properties.get(key);
            if (value != null && !String.valueOf(value).isBlank()) {
                parts.add(key + " " + value);
            }
        }
        return parts.isEmpty() ? null : String.join(" · ", parts);
    }

    private String text(Event event) {
        for (String property : textProperties) {
            Optional<String> text = event.properties().string(property);
            if (text.isPresent() && !text.get().isBlank()) {
                return text.get();
            }
        }
        return null;
    }

    private String time(Object iso) {
        return iso == null ? null : TIME.format(Instant.parse(String.valueOf(iso)).atZone(zone));
    }

    private static String marks(int count) {
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    private static Double decimal(Object value) {
        return value instanceof Number number ? number.doubleValue() : null;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
