package io.percept.profile;

import io.percept.profile.domain.ProfileState;
import io.percept.profile.domain.TopCounts;
import io.percept.profile.domain.TopicCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The profile fields that searches and segments can name, with what each holds. Times are epoch
 * microseconds; lists are lists of text. {@code traits.<name>} names any trait.
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
        FIELDS.put("marketingConsent", new Field(Kind.BOOLEAN, (state, now) -> state.marketingConsent()));
        FIELDS.put("profilingConsent", new Field(Kind.BOOLEAN, (state, now) -> state.profilingConsent()));
        number("texts", (state, now) -> state.texts());
        number("averageSentiment", (state, now) -> state.averageSentiment());
        number("lastSentiment", (state, now) -> state.lastSentiment());
        number("complaints", (state, now) -> state.complaints());
        number("openComplaints", (state, now) -> state.openComplaints());
        FIELDS.put("topics90d", new Field(Kind.TEXT_LIST, (state, now) -> topics(state, now, false)));
        FIELDS.put("negativeTopics90d", new Field(Kind.TEXT_LIST, (state, now) -> topics(state, now, true)));
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

    /** Every field and what it holds, in a stable order; {@code traits.} stands for any trait. */
    public static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        FIELDS.forEach((name, field) -> kinds.put(name, field.kind()));
        kinds.put("traits.", Kind.ANY);
        return kinds;
    }

    /** Whether {@code name} is a field (or a trait). */
    static boolean known(String name) {
        return FIELDS.containsKey(name) || name.startsWith("traits.") && name.length() > 7;
    }

    /** The value of {@code name} on {@code state}, or {@code null}; unknown names are {@code null}. */
    static Object value(ProfileState state, String name, long nowMicros) {
        Field field = FIELDS.get(name);
        if (field != null) {
            return field.value().apply(state, nowMicros);
        }
        return name.startsWith("traits.") ? state.trait(name.substring(7)) : null;
    }
}
