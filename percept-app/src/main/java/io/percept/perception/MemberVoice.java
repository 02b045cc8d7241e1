package io.percept.perception;

import io.percept.analytics.text.EmergingThemes;
import io.percept.perception.VoiceOfCustomer.Dimension;
import io.percept.perception.VoiceOfCustomer.GroupTopics;
import io.percept.perception.VoiceOfCustomer.Quote;
import io.percept.perception.VoiceOfCustomer.Satisfaction;
import io.percept.perception.VoiceOfCustomer.SatisfactionPoint;
import io.percept.perception.VoiceOfCustomer.TopicFigures;
import io.percept.perception.VoiceOfCustomer.TopicReport;
import io.percept.platform.IdSets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The voice of a given set of customers (a segment's members): what {@link VoiceOfCustomer} reports
 * for everyone, restricted to the texts and survey answers of those customers. A text is a member's
 * when its user id or its anonymous id is one of the members' identifiers; a survey answer when its
 * user id is. Each query reads the period's rows of the texts (or answers) and keeps the members' by
 * a hash join on the identifiers sent as one parameter.
 */
public final class MemberVoice {

    /** The members' user ids and anonymous ids, from their identifiers stored as an id set ({@link IdSets}; one parameter, its key). */
    private static final String MEMBERS = "WITH members AS (SELECT item AS customer FROM id_sets WHERE set_key = ?), "
            + "users AS (SELECT substr(customer, 9) AS id FROM members WHERE starts_with(customer, 'user_id:')), "
            + "anonymous AS (SELECT substr(customer, 14) AS id FROM members WHERE starts_with(customer, 'anonymous_id:')) ";
    /**
     * The profile's region ({@code r.region}) of the members' rows {@code p}, for queries grouped or narrowed by region:
     * the members' profiles only (every profile grouped costs 40 to 60 ms at 175,000 profiles, per query).
     */
    private static final String MEMBER_REGION = "LEFT JOIN (SELECT user_id, any_value(region) AS region FROM profiles "
            + "WHERE user_id IN (SELECT id FROM users) GROUP BY user_id) r ON r.user_id = p.user_id ";
    private static final String TEXT_OF_MEMBER = "(p.user_id IN (SELECT id FROM users) OR p.anonymous_id IN (SELECT id FROM anonymous))";

    private final JdbcClient jdbc;
    private final VoiceOfCustomer voice;
    private final TextPerception perception;
    private final ZoneId zone;
    private final IdSets sets;

    MemberVoice(JdbcClient jdbc, VoiceOfCustomer voice, TextPerception perception, ZoneId zone, IdSets sets) {
        this.sets = sets;
        this.jdbc = jdbc;
        this.voice = voice;
        this.perception = perception;
        this.zone = zone;
    }

    /**
     * The members' texts, negative texts and mean score per group, and their topics (as
     * {@link VoiceOfCustomer#topics}), from {@code from} to {@code to} inclusive.
     *
     * @param members  identifiers as the log names them ({@code user_id:<id>}, {@code anonymous_id:<id>})
     * @param language topic names in {@code zh} or {@code en}; null for the totals alone
     */
    public TopicReport topics(LocalDate from, LocalDate to, Dimension by, String language, Collection<String> members) {
        Object[] period = {sets.key(members), start(from), start(to.plusDays(1))};
        Map<String, GroupTopics> groups = new LinkedHashMap<>();
        jdbc.sql(MEMBERS + "SELECT " + by.expression() + " AS g, count(*), count(*) FILTER (WHERE p.sentiment = 'negative'), avg(p.score) "
                        + "FROM text_perceptions p " + regionJoin(by) + "WHERE p.happened_at >= ? AND p.happened_at < ? AND "
                        + TEXT_OF_MEMBER + " GROUP BY g ORDER BY count(*) DESC, g")
                .params(period)
                .query((rows, i) -> groups.put(rows.getString(1), new GroupTopics(rows.getString(1), rows.getLong(2), rows.getLong(3),
                        round(rows.getDouble(4)), new ArrayList<>())))
                .list();
        if (language != null && !groups.isEmpty()) {
            jdbc.sql(MEMBERS + "SELECT " + by.expression() + " AS g, t.topic, count(DISTINCT t.seq), count(DISTINCT t.seq) FILTER (WHERE t.sentiment = 'negative'), "
                            + "avg(t.score), avg(p.intensity) FILTER (WHERE t.sentiment = 'negative') FROM text_topics t JOIN text_perceptions p ON p.seq = t.seq "
                            + regionJoin(by) + "WHERE t.happened_at >= ? AND t.happened_at < ? AND " + TEXT_OF_MEMBER
                            + " GROUP BY g, t.topic ORDER BY 4 DESC, 3 DESC, t.topic")
                    .params(period)
                    .query((rows, i) -> {
                        GroupTopics group = groups.get(rows.getString(1));
                        if (group != null) {
                            long mentions = rows.getLong(3);
                            long negative = rows.getLong(4);
                            String name = perception.topicName(rows.getString(2), language);
                            group.topics().add(new TopicFigures(rows.getString(2), name != null ? name : rows.getString(2), mentions, negative,
                                    round(mentions == 0 ? 0 : negative / (double) mentions), round(rows.getDouble(5)), round(rows.getDouble(6))));
                        }
                        return null;
                    })
                    .list();
        }
        long texts = groups.values().stream().mapToLong(GroupTopics::texts).sum();
        return new TopicReport(from, to, by.name().toLowerCase(Locale.ROOT), texts, List.copyOf(groups.values()));
    }

    /** The members' NPS and CSAT answers per group over the whole period, as one bucket starting {@code from}. */
    public Satisfaction satisfaction(LocalDate from, LocalDate to, Dimension by, Collection<String> members) {
        String group = by.expression().replace("p.event", "'Survey'");
        List<SatisfactionPoint> points = jdbc.sql(MEMBERS + "SELECT " + group + " AS g, count(*) FILTER (WHERE kind = 'nps'), "
                        + "count(*) FILTER (WHERE kind = 'nps' AND score >= 9), count(*) FILTER (WHERE kind = 'nps' AND score >= 7 AND score < 9), "
                        + "count(*) FILTER (WHERE kind = 'nps' AND score <= 6), count(*) FILTER (WHERE kind = 'csat'), "
                        + "count(*) FILTER (WHERE kind = 'csat' AND score >= 4), avg(score) FILTER (WHERE kind = 'csat') FROM survey_responses p "
                        + regionJoin(by) + "WHERE p.answered_at >= ? AND p.answered_at < ? "
                        + "AND p.user_id IN (SELECT id FROM users) GROUP BY g ORDER BY g")
                .params(sets.key(members), start(from), start(to.plusDays(1)))
                .query((rows, i) -> {
                    long nps = rows.getLong(2);
                    long csat = rows.getLong(6);
                    return new SatisfactionPoint(from, rows.getString(1), nps, rows.getLong(3), rows.getLong(4), rows.getLong(5),
                            nps == 0 ? null : round(100.0 * (rows.getLong(3) - rows.getLong(5)) / nps), csat,
                            csat == 0 ? null : round(100.0 * rows.getLong(7) / csat), csat == 0 ? null : round(rows.getDouble(8)));
                })
                .list();
        return new Satisfaction(from, to, by.name().toLowerCase(Locale.ROOT), "period", points);
    }

    /**
     * The members' newest texts mentioning {@code topic} (any when null) in group {@code group} of
     * {@code by} (all when null), as {@link VoiceOfCustomer#quotes}.
     *
     * @param limit 1 to 500
     */
    public List<Quote> quotes(String topic, Dimension by, String group, LocalDate from, LocalDate to, int limit, Collection<String> members) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, was " + limit);
        }
        StringBuilder sql = new StringBuilder(MEMBERS + "SELECT p.seq FROM text_perceptions p " + regionJoin(group != null ? by : Dimension.NONE)
                + "WHERE p.happened_at >= ? AND p.happened_at < ? AND " + TEXT_OF_MEMBER);
        List<Object> params = new ArrayList<>(List.of(sets.key(members), start(from), start(to.plusDays(1))));
        if (topic != null) {
            sql.append(" AND p.seq IN (SELECT seq FROM text_topics WHERE topic = ?)");
            params.add(topic);
        }
        if (group != null && by != Dimension.NONE) {
            sql.append(" AND ").append(by.expression()).append(" = ?");
            params.add(group);
        }
        sql.append(" ORDER BY p.happened_at DESC, p.seq DESC LIMIT ").append(limit);
        return voice.quotesOf(jdbc.sql(sql.toString()).params(params).query(Long.class).list(), topic);
    }

    /** The emerging themes of the members' negative texts, as {@link VoiceOfCustomer#themes} finds them in everyone's. */
    public VoiceOfCustomer.Themes themes(LocalDate weekEnd, int baselineWeeks, EmergingThemes.Options options, Collection<String> members) {
        return voice.themes(weekEnd, baselineWeeks, options, MEMBERS, " AND " + TEXT_OF_MEMBER, List.of(sets.key(members)));
    }

    private LocalDateTime start(LocalDate day) {
        return day.atStartOfDay(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    /** The region join when {@code by} reads the profile's region, else nothing. */
    private static String regionJoin(Dimension by) {
        return by == Dimension.REGION ? MEMBER_REGION : "";
    }


    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
