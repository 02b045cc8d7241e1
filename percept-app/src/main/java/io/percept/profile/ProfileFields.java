package io.percept.profile;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import io.percept.profile.domain.ProfileState;
import io.percept.profile.domain.Tags;
import io.percept.profile.domain.TopCounts;
import io.percept.profile.domain.TopicCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The profile fields that searches and segments can name, with what each holds. Times are epoch
 * microseconds; lists are lists of text. {@code traits.<name>} names any trait; {@code tags} is the
 * trait {@code tags} as a list ({@link ProfileTags}).
 */
public final class ProfileFields {

    /** What a field holds. */
    public enum Kind {
        NUMBER, TEXT, BOOLEAN, TIME, TEXT_LIST, ANY
    }

    /** How far back {@code topics90d} and {@code negativeTopics90d} count. */
    static final long RECENT_TOPICS_MICROS = 90L * 86_400_000_000L;

    private record Field(Kind kind, BiFunction<ProfileState, Long, Object> value) {
    }

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    /** Fields the prediction runs fill in ({@link ProfileScores}); {@code scores.<target>} names any propensity. */
    private static final Map<String, Kind> SCORES = new LinkedHashMap<>();
    private static final String SCORES_PREFIX = "scores.";

    static {
        number("events", (state, now) -> state.events());
        number("orders", (state, now) -> state.orders());
        number("revenue", (state, now) -> state.revenue());
        number("refunds", (state, now) -> state.refunds());
        number("refunded", (state, now) -> state.refunded());
        number("netRevenue", (state, now) -> state.netRevenue());
        number("averageOrderValue", (state, now) -> state.averageOrderValue());
        FIELDS.put("firstSeen", new Field(Kind.TIME, (state, now) -> state.hasEvents() ? state.firstSeenMicros() : null));
        FIELDS.put("lastSeen", new Field(Kind.TIME, (state, now) -> state.hasEvents() ? state.lastSeenMicros() : null));
        FIELDS.put("firstOrder", new Field(Kind.TIME, (state, now) -> state.orders() > 0 ? state.firstOrderMicros() : null));
        FIELDS.put("lastOrder", new Field(Kind.TIME, (state, now) -> state.orders() > 0 ? state.lastOrderMicros() : null));
        text("country", (state, now) -> state.country());
        text("region", (state, now) -> state.region());
        text("city", (state, now) -> state.city());
        text("preferredChannel", (state, now) -> state.preferredChannel() == null ? null : state.preferredChannel().wireName());
        FIELDS.put("favouriteCategories", new Field(Kind.TEXT_LIST, (state, now) -> names(state.favouriteCategories(3))));
        FIELDS.put("favouriteProducts", new Field(Kind.TEXT_LIST, (state, now) -> names(state.favouriteProducts(3))));
        FIELDS.put("tags", new Field(Kind.TEXT_LIST, (state, now) -> {
            Object tags = state.trait(Tags.TRAIT);
            return tags == null || tags instanceof List<?> ? tags : Tags.of(tags);
        }));
        FIELDS.put("marketingConsent", new Field(Kind.BOOLEAN, (state, now) -> state.marketingConsent()));
        FIELDS.put("profilingConsent", new Field(Kind.BOOLEAN, (state, now) -> state.profilingConsent()));
        number("texts", (state, now) -> state.texts());
        number("averageSentiment", (state, now) -> state.averageSentiment());
        number("lastSentiment", (state, now) -> state.lastSentiment());
        number("complaints", (state, now) -> state.complaints());
        number("openComplaints", (state, now) -> state.openComplaints());
        FIELDS.put("topics90d", new Field(Kind.TEXT_LIST, (state, now) -> topics(state, now, false)));
        FIELDS.put("negativeTopics90d", new Field(Kind.TEXT_LIST, (state, now) -> topics(state, now, true)));
        SCORES.put("churnRisk", Kind.NUMBER);
        SCORES.put("pAlive", Kind.NUMBER);
        SCORES.put("expectedPurchases", Kind.NUMBER);
        SCORES.put("clv", Kind.NUMBER);
        SCORES.put("cluster", Kind.NUMBER);
        SCORES.put("clusterName", Kind.TEXT);
        SCORES.put("clusterNameZh", Kind.TEXT);
        SCORES.put("recommended", Kind.TEXT_LIST);
    }


    private ProfileFields() {
    }

    private static void number(String name, BiFunction<ProfileState, Long, Object> value) {
        FIELDS.put(name, new Field(Kind.NUMBER, value));
    }

    private static void text(String name, BiFunction<ProfileState, Long, Object> value) {
        FIELDS.put(name, new Field(Kind.TEXT, value));
    }

    private static List<String> names(List<TopCounts.Entry> entries) {
        List<String> names = new ArrayList<>(entries.size());
        for (TopCounts.Entry entry : entries) {
            names.add(entry.key());
        }
        return names;
    }

    private static List<String> topics(ProfileState state, long nowMicros, boolean negativeOnly) {
        if (!state.hasVoice()) {
            return List.of();
        }
        List<String> topics = new ArrayList<>();
        for (TopicCount count : state.topicsSince(nowMicros - RECENT_TOPICS_MICROS)) {
            if (!negativeOnly || count.negative() > 0) {
                topics.add(count.topic());
            }
        }
        return topics;
    }

    /**
     * Every field and what it holds, in a stable order; {@code traits.} stands for any trait, and
     * {@code orders(} and {@code spend(} for the windowed aggregates {@code orders(30d)} and
     * {@code spend(90d,category=手机)} (orders, or their total amount, in the last 30 days, optionally
     * in a category; counted from the newest 32 orders of a profile), {@code events(} for
     * {@code events(7d,name=Product Viewed,type=track,channel=app)} (events in the window, optionally
     * of a name, type and channel; counted from the newest 64 events of a profile).
     */
    public static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        FIELDS.forEach((name, field) -> kinds.put(name, field.kind()));
        kinds.putAll(SCORES);
        kinds.put("scores.", Kind.NUMBER);
        kinds.put("traits.", Kind.ANY);
        kinds.put("orders(", Kind.NUMBER);
        kinds.put("spend(", Kind.NUMBER);
        kinds.put("events(", Kind.NUMBER);
        return kinds;
    }

    /** The arguments each windowed aggregate of {@link #kinds()} takes, with the values each allows (empty: any text). */
    public static Map<String, Map<String, List<String>>> windowArguments() {
        Map<String, List<String>> events = new LinkedHashMap<>();
        events.put("name", List.of());
        events.put("type", java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList());
        events.put("channel", java.util.Arrays.stream(Channel.values()).filter(channel -> channel != Channel.SYSTEM)
                .map(Channel::wireName).toList());
        return Map.of("orders(", Map.of("category", List.of()), "spend(", Map.of("category", List.of()), "events(", events);
    }

    /** What a windowed aggregate adds up. */
    private enum Aggregate {
        ORDERS, SPEND, EVENTS
    }

    /**
     * A parsed windowed aggregate within {@code micros} before now: orders or spend in {@code category},
     * or events of {@code name}, {@code type} and {@code channel} (null: any).
     */
    private record Window(Aggregate aggregate, long micros, String category, String name, EventType type, Channel channel) {
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Window> WINDOWS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.regex.Pattern WINDOW = java.util.regex.Pattern.compile("(orders|spend|events)\\((\\d+)([hdw])(,.+)?\\)");
    /** Where the next argument of a window starts: {@code ,name=}. */
    private static final java.util.regex.Pattern ARGUMENT = java.util.regex.Pattern.compile(",(?=[A-Za-z_][A-Za-z0-9_]*=)");

    /**
     * {@code orders(30d)}, {@code spend(12h,category=手机)}, {@code events(7d,name=Cart Added,channel=app)}: the
     * aggregate it names, or null for another name (or arguments it does not take).
     */
    private static Window window(String name) {
        Window known = WINDOWS.get(name);
        if (known != null || name.indexOf('(') < 0) {
            return known;
        }
        java.util.regex.Matcher matcher = WINDOW.matcher(name);
        if (!matcher.matches()) {
            return null;
        }
        long hours = Long.parseLong(matcher.group(2)) * switch (matcher.group(3)) {
            case "h" -> 1;
            case "w" -> 24 * 7;
            default -> 24;
        };
        Map<String, String> arguments = new java.util.HashMap<>();
        for (String argument : matcher.group(4) == null ? new String[0] : ARGUMENT.split(matcher.group(4).substring(1), -1)) {
            int equals = argument.indexOf('=');
            arguments.put(argument.substring(0, equals), argument.substring(equals + 1));
        }
        Aggregate aggregate = Aggregate.valueOf(matcher.group(1).toUpperCase(java.util.Locale.ROOT));
        Map<String, List<String>> allowed = windowArguments().get(matcher.group(1) + "(");
        String type = arguments.get("type");
        String channel = arguments.get("channel");
        if (!allowed.keySet().containsAll(arguments.keySet()) || type != null && EventType.fromWireName(type) == null
                || channel != null && Channel.fromWireName(channel) == null) {
            return null;
        }
        Window window = new Window(aggregate, hours * 3_600_000_000L, arguments.get("category"), arguments.get("name"),
                type == null ? null : EventType.fromWireName(type), channel == null ? null : Channel.fromWireName(channel));
        if (WINDOWS.size() < 10_000) {
            WINDOWS.put(name, window);
        }
        return window;
    }

    /**
     * The score fields ({@code churnRisk}, {@code pAlive}, {@code expectedPurchases}, {@code clv},
     * {@code cluster}, {@code clusterName}, {@code clusterNameZh}, {@code recommended}) with their
     * kinds; {@code scores.<target>} (a propensity by its target's name) comes on top.
     */
    public static Map<String, Kind> scoreFields() {
        return java.util.Collections.unmodifiableMap(SCORES);
    }

    /** Whether {@code name} is a score field ({@link ProfileScores} holds its values). */
    static boolean isScore(String name) {
        return SCORES.containsKey(name) || name.startsWith(SCORES_PREFIX) && name.length() > SCORES_PREFIX.length();
    }

    /** Whether {@code name} is a field (or a trait). */
    static boolean known(String name) {
        return FIELDS.containsKey(name) || isScore(name) || name.startsWith("traits.") && name.length() > 7 || window(name) != null;
    }

    /** The value of {@code name} on profile {@code id}, its scores read from {@code scores}. */
    static Object value(long id, ProfileState state, String name, long nowMicros, ProfileScores scores) {
        return isScore(name) ? scores.value(id, name) : value(state, name, nowMicros);
    }

    /** The value of {@code name} on {@code state}, or {@code null}; unknown names are {@code null}. */
    static Object value(ProfileState state, String name, long nowMicros) {
        Field field = FIELDS.get(name);
        if (field != null) {
            return field.value().apply(state, nowMicros);
        }
        Window window = window(name);
        if (window != null) {
            long since = nowMicros - window.micros();
            return window.aggregate() == Aggregate.EVENTS ? state.eventsSince(since, window.name(), window.type(), window.channel())
                    : state.ordersSince(since, window.category())[window.aggregate() == Aggregate.SPEND ? 1 : 0];
        }
        return name.startsWith("traits.") ? state.trait(name.substring(7)) : null;
    }
}
