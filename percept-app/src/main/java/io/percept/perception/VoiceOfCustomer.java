package io.percept.perception;

import io.percept.analytics.text.EmergingThemes;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LoggedEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The voice of the customer, aggregated from what the text-perception processor stored: complaint
 * topics by frequency and sentiment per group (region, channel, product, source, language, emotion,
 * event) and over time, the customer's own words behind them, emerging themes, and satisfaction
 * (NPS, CSAT). Regions come from the event, else from the customer's profile. Times are bucketed
 * in the business zone (its offset now: exact for zones without daylight saving, such as China's).
 */
public final class VoiceOfCustomer {

    /** What aggregates can be grouped by. */
    public enum Dimension {
        NONE("'all'"),
        REGION("coalesce(p.region, r.region, '(unknown)')"),
        CHANNEL("p.channel"),
        PRODUCT("coalesce(p.product_id, '(none)')"),
        SOURCE("p.source"),
        LANGUAGE("p.language"),
        EMOTION("p.emotion"),
        EVENT("coalesce(p.event, '(none)')");

        private final String expression;

        Dimension(String expression) {
            this.expression = expression;
        }

        /** The SQL expression of a row's group, over text or survey rows {@code p} joined with {@link #PROFILE_REGION} as {@code r}. */
        String expression() {
            return expression;
        }

        /** Reads a dimension name (any case); {@code null} or blank is {@link #NONE}. */
        public static Dimension parse(String name) {
            if (name == null || name.isBlank()) {
                return NONE;
            }
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("by must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ", was '" + name + "'");
            }
        }
    }

    /** Time buckets. */
    public enum Bucket {
        DAY, WEEK, MONTH;

        public static Bucket parse(String name) {
            if (name == null || name.isBlank()) {
                return WEEK;
            }
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bucket must be day, week or month, was '" + name + "'");
            }
        }
    }

    /**
     * One topic in one group.
     *
     * @param mentions        texts mentioning it
     * @param negative        of those, texts where its clause is negative
     * @param averageScore    the mean sentiment of its clauses
     * @param averageIntensity the mean emotion intensity of the negative texts
     */
    public record TopicFigures(String topic, String name, long mentions, long negative, double negativeShare, double averageScore,
                               double averageIntensity) {
    }

    /** A group's texts and its topics, most complained about first. */
    public record GroupTopics(String group, long texts, long negativeTexts, double averageScore, List<TopicFigures> topics) {
    }

    /** Topic figures per group over a period. */
    public record TopicReport(LocalDate from, LocalDate to, String by, long texts, List<GroupTopics> groups) {
    }

    /** One bucket of a topic's trend. */
    public record TrendPoint(LocalDate bucket, String group, long mentions, long negative, double averageScore) {
    }

    /** A topic's (or all texts') trend. */
    public record Trend(String topic, String bucket, String by, List<TrendPoint> points) {
    }

    /**
     * The customer's own words.
     *
     * @param highlights the spans of the topic's cues in {@code text}
     */
    public record Quote(long seq, Instant at, String text, double score, String sentiment, String emotion, double intensity, List<String> topics,
                        List<int[]> highlights, String source, String channel, String userId, String productId, String region, Double rating) {
    }

    /** An emerging theme with some of the texts behind it. */
    public record Theme(List<String> keywords, int texts, int baselineTexts, double expected, double lift, double score, List<Quote> examples) {
    }

    /** The emerging themes of a week against the weeks before. */
    public record Themes(LocalDate weekStart, LocalDate weekEnd, int baselineWeeks, int negativeTexts, int baselineNegativeTexts,
                         List<Theme> themes) {
    }

    /**
     * Satisfaction in one group and bucket.
     *
     * @param nps           promoters (9-10) minus detractors (0-6), in percent of NPS answers; null without any
     * @param csat          the share of CSAT answers of 4 or 5, in percent; null without any
     * @param averageCsat   the mean CSAT answer; null without any
     */
    public record SatisfactionPoint(LocalDate bucket, String group, long npsAnswers, long promoters, long passives, long detractors, Double nps,
                                    long csatAnswers, Double csat, Double averageCsat) {
    }

    /** NPS and CSAT per group over time. */
    public record Satisfaction(LocalDate from, LocalDate to, String by, String bucket, List<SatisfactionPoint> points) {
    }

    /**
     * The customer's region from the profile mirror, for rows {@code p} with a {@code user_id}, grouping every
     * profile: for queries already narrowed to few customers (a segment's members, {@link MemberVoice}).
     */
    static final String PROFILE_REGION = "LEFT JOIN (SELECT user_id, any_value(region) AS region FROM profiles WHERE user_id IS NOT NULL "
            + "GROUP BY user_id) r ON r.user_id = p.user_id ";

    /**
     * The customer's region from the profile mirror ({@code r.region}), for rows {@code p} of {@code table}
     * with a {@code user_id}, joined only when {@code by} reads it: grouping every profile by user id costs
     * 30 to 40 ms at 175,000 profiles, so only the profiles of customers whose rows of the period (its
     * start and end, the join's two parameters, see {@link #params}) carry no region of their own are
     * grouped. Rows of other customers or periods never read {@code r.region}: the figures are the same.
     */
    private static String profileRegion(Dimension by, String table, String time) {
        if (by != Dimension.REGION) {
            return "";
        }
        return "LEFT JOIN (SELECT user_id, any_value(region) AS region FROM profiles WHERE user_id IN (SELECT user_id FROM " + table + " WHERE "
                + time + " >= ? AND " + time + " < ? AND region IS NULL) GROUP BY user_id) r ON r.user_id = p.user_id ";
    }

    /** The texts {@code p}, with the region join {@code by} needs. */
    private static String texts(Dimension by) {
        return " FROM text_perceptions p " + profileRegion(by, "text_perceptions", "happened_at");
    }

    /** A query's parameters: the period for the region join when {@code by} has one, then the period, then {@code more}. */
    private static List<Object> params(Dimension by, LocalDateTime start, LocalDateTime end, Object... more) {
        List<Object> params = new ArrayList<>();
        if (by == Dimension.REGION) {
            params.addAll(List.of(start, end));
        }
        params.add(start);
        params.add(end);
        params.addAll(Arrays.asList(more));
        return params;
    }

    private final JdbcClient jdbc;
    private final EventLog log;
    private final TextPerception perception;
    private final ZoneId zone;

    VoiceOfCustomer(JdbcClient jdbc, EventLog log, TextPerception perception, ZoneId zone) {
        this.jdbc = jdbc;
        this.log = log;
        this.perception = perception;
        this.zone = zone;
    }

    /** The zone's offset now, in seconds, for bucketing. */
    private long offsetSeconds() {
        return zone.getRules().getOffset(Instant.now()).getTotalSeconds();
    }

    private LocalDateTime start(LocalDate day) {
        return day.atStartOfDay(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    /**
     * Topics by frequency and sentiment from {@code from} to {@code to} (days in the business zone,
     * inclusive), per group.
     *
     * @param language the language of topic names ({@code zh} or {@code en})
     */
    public TopicReport topics(LocalDate from, LocalDate to, Dimension by, String language) {
        checkPeriod(from, to);
        LocalDateTime start = start(from);
        LocalDateTime end = start(to.plusDays(1));
        Map<String, GroupTopics> groups = groupTotals(start, end, by);
        // each text's mentions of a topic first (a text is in one group), then the texts: no distinct counts
        jdbc.sql("SELECT g, topic, count(*), count(*) FILTER (WHERE negative), sum(scores) / sum(mentions), "
                        + "sum(negativeIntensity) / nullif(sum(negativeMentions), 0) FROM (SELECT " + by.expression + " AS g, t.topic, "
                        + "bool_or(t.sentiment = 'negative') AS negative, sum(t.score) AS scores, count(*) AS mentions, "
                        + "sum(p.intensity) FILTER (WHERE t.sentiment = 'negative') AS negativeIntensity, "
                        + "count(*) FILTER (WHERE t.sentiment = 'negative') AS negativeMentions FROM text_topics t JOIN text_perceptions p ON p.seq = t.seq "
                        + profileRegion(by, "text_perceptions", "happened_at") + "WHERE t.happened_at >= ? AND t.happened_at < ? GROUP BY g, t.topic, t.seq) "
                        + "GROUP BY g, topic ORDER BY 4 DESC, 3 DESC, topic")
                .params(params(by, start, end))
                .query((rows, i) -> {
                    GroupTopics group = groups.get(rows.getString(1));
                    if (group != null) {
                        long mentions = rows.getLong(3);
                        long negative = rows.getLong(4);
                        group.topics().add(new TopicFigures(rows.getString(2), name(rows.getString(2), language), mentions, negative,
                                round(mentions == 0 ? 0 : negative / (double) mentions), round(rows.getDouble(5)), round(rows.getDouble(6))));
                    }
                    return null;
                })
                .list();
        long texts = groups.values().stream().mapToLong(GroupTopics::texts).sum();
        return new TopicReport(from, to, by.name().toLowerCase(Locale.ROOT), texts, List.copyOf(groups.values()));
    }

    /**
     * Texts, negative texts and the mean score per group from {@code from} to {@code to} (inclusive),
     * without the topics: what {@link #topics} reports per group, for a fraction of its cost.
     */
    public TopicReport totals(LocalDate from, LocalDate to, Dimension by) {
        checkPeriod(from, to);
        Map<String, GroupTopics> groups = groupTotals(start(from), start(to.plusDays(1)), by);
        long texts = groups.values().stream().mapToLong(GroupTopics::texts).sum();
        return new TopicReport(from, to, by.name().toLowerCase(Locale.ROOT), texts, List.copyOf(groups.values()));
    }

    private Map<String, GroupTopics> groupTotals(LocalDateTime start, LocalDateTime end, Dimension by) {
        Map<String, GroupTopics> groups = new LinkedHashMap<>();
        jdbc.sql("SELECT " + by.expression + " AS g, count(*), count(*) FILTER (WHERE p.sentiment = 'negative'), avg(p.score)" + texts(by)
                        + "WHERE p.happened_at >= ? AND p.happened_at < ? GROUP BY g ORDER BY count(*) DESC, g")
                .params(params(by, start, end))
                .query((rows, i) -> groups.put(rows.getString(1), new GroupTopics(rows.getString(1), rows.getLong(2), rows.getLong(3),
                        round(rows.getDouble(4)), new ArrayList<>())))
                .list();
        return groups;
    }

    /** A topic's mentions per bucket (all topics when {@code topic} is null), per group. */
    public Trend trend(String topic, LocalDate from, LocalDate to, Bucket bucket, Dimension by) {
        checkPeriod(from, to);
        String bucketExpression = "CAST(date_trunc('" + bucket.name().toLowerCase(Locale.ROOT) + "', t.happened_at + to_seconds(" + offsetSeconds()
                + ")) AS DATE)";
        // each text's mentions first (a text is in one bucket and group), then the texts: no distinct counts
        List<TrendPoint> points = jdbc.sql("SELECT b, g, count(*), count(*) FILTER (WHERE negative), sum(scores) / sum(mentions) FROM (SELECT "
                        + bucketExpression + " AS b, " + by.expression + " AS g, bool_or(t.sentiment = 'negative') AS negative, sum(t.score) AS scores, "
                        + "count(*) AS mentions FROM text_topics t JOIN text_perceptions p ON p.seq = t.seq "
                        + profileRegion(by, "text_perceptions", "happened_at") + "WHERE t.happened_at >= ? AND t.happened_at < ? "
                        + "AND (? IS NULL OR t.topic = ?) GROUP BY b, g, t.seq) GROUP BY b, g ORDER BY b, g")
                .params(params(by, start(from), start(to.plusDays(1)), topic, topic))
                .query((rows, i) -> new TrendPoint(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getLong(3), rows.getLong(4),
                        round(rows.getDouble(5))))
                .list();
        return new Trend(topic, bucket.name().toLowerCase(Locale.ROOT), by.name().toLowerCase(Locale.ROOT), points);
    }

    /**
     * The newest texts matching the filters (each may be null), with their words read back from the
     * log and the topic's cues highlighted.
     *
     * @param limit 1 to 500
     */
    public List<Quote> quotes(String topic, Sentiment sentiment, Dimension by, String group, LocalDate from, LocalDate to, int limit) {
        checkPeriod(from, to);
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, was " + limit);
        }
        if (group != null && by == Dimension.NONE) {
            throw new IllegalArgumentException("a group needs a dimension (by)");
        }
        // a named region: the texts saying so, and those without a region of customers whose profile is there (no grouping of the profiles)
        boolean namedRegion = group != null && by == Dimension.REGION && !group.startsWith("(");
        Dimension narrowedBy = group == null || namedRegion ? Dimension.NONE : by;
        StringBuilder sql = new StringBuilder("SELECT p.seq" + texts(narrowedBy) + "WHERE p.happened_at >= ? AND p.happened_at < ?");
        List<Object> params = params(narrowedBy, start(from), start(to.plusDays(1)));
        if (topic != null) {
            // the topic's mentions of the period only (text_topics is in log order, so most of it is skipped)
            sql.append(" AND p.seq IN (SELECT seq FROM text_topics WHERE happened_at >= ? AND happened_at < ? AND topic = ?")
                    .append(sentiment != null ? " AND sentiment = ?" : "").append(")");
            params.addAll(List.of(start(from), start(to.plusDays(1)), topic));
            if (sentiment != null) {
                params.add(sentiment.wireName());
            }
        } else if (sentiment != null) {
            sql.append(" AND p.sentiment = ?");
            params.add(sentiment.wireName());
        }
        if (namedRegion) {
            sql.append(" AND (p.region = ? OR p.region IS NULL AND p.user_id IN (SELECT user_id FROM profiles WHERE region = ?))");
            params.addAll(List.of(group, group));
        } else if (group != null) {
            sql.append(" AND ").append(by.expression).append(" = ?");
            params.add(group);
        }
        sql.append(" ORDER BY p.happened_at DESC, p.seq DESC LIMIT ").append(limit);
        List<Long> seqs = jdbc.sql(sql.toString()).params(params).query(Long.class).list();
        return quotesOf(seqs, topic);
    }

    /** The texts {@code seqs} as quotes, in that order, the cues of {@code topic} (any when null) highlighted. */
    List<Quote> quotesOf(List<Long> seqs, String topic) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        // the texts by their seqs; the seqs' range lets the scans skip the row groups before and after them (both tables are in log order)
        String list = seqs.stream().map(String::valueOf).collect(Collectors.joining(","));
        String bySeq = "seq BETWEEN " + Collections.min(seqs) + " AND " + Collections.max(seqs) + " AND seq IN (SELECT unnest([" + list + "]))";
        Map<Long, List<int[]>> highlights = new HashMap<>();
        jdbc.sql("SELECT seq, span_start, span_end FROM text_topics WHERE " + bySeq + " AND (? IS NULL OR topic = ?) "
                        + "ORDER BY seq, span_start")
                .params(topic, topic)
                .query((rows, i) -> highlights.computeIfAbsent(rows.getLong(1), s -> new ArrayList<>()).add(new int[] {rows.getInt(2), rows.getInt(3)}))
                .list();
        Map<Long, String> texts = new HashMap<>();
        for (LoggedEvent logged : log.read(seqs.stream().mapToLong(Long::longValue).toArray())) {
            String text = perception.textOf(logged.event());
            if (text != null) {
                texts.put(logged.seq(), text);
            }
        }
        Map<Long, Quote> quoted = new HashMap<>();
        jdbc.sql("SELECT p.seq, p.happened_at, p.score, p.sentiment, p.emotion, p.intensity, p.topics, p.source, p.channel, p.user_id, "
                        + "p.product_id, coalesce(p.region, r.region), p.rating FROM text_perceptions p "
                        // the region of these texts' customers only, not a pass over every profile
                        + "LEFT JOIN (SELECT user_id, any_value(region) AS region FROM profiles WHERE user_id IN (SELECT user_id FROM text_perceptions "
                        + "WHERE " + bySeq + ") GROUP BY user_id) r ON r.user_id = p.user_id WHERE p." + bySeq)
                .query((rows, i) -> {
                    long seq = rows.getLong(1);
                    String topics = rows.getString(7);
                    Object rating = rows.getObject(13);
                    quoted.put(seq, new Quote(seq, rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC), texts.get(seq), rows.getDouble(3),
                            rows.getString(4), rows.getString(5), rows.getDouble(6), topics.isEmpty() ? List.of() : List.of(topics.split(",")),
                            highlights.getOrDefault(seq, List.of()), rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11),
                            rows.getString(12), rating == null ? null : ((Number) rating).doubleValue()));
                    return null;
                })
                .list();
        List<Quote> quotes = new ArrayList<>();
        for (long seq : seqs) {
            if (quoted.containsKey(seq)) {
                quotes.add(quoted.get(seq));
            }
        }
        return quotes;
    }

    /**
     * Emerging themes: keyword clusters frequent in the negative texts of the 7 days ending with
     * {@code weekEnd} and rare in the {@code baselineWeeks} weeks before (see {@link EmergingThemes}).
     *
     * @param baselineWeeks 1 to 52
     */
    public Themes themes(LocalDate weekEnd, int baselineWeeks, EmergingThemes.Options options) {
        return themes(weekEnd, baselineWeeks, options, "", "", List.of());
    }

    /**
     * {@link #themes(LocalDate, int, EmergingThemes.Options)} of some texts: {@code with} (a {@code WITH} clause taking
     * {@code withParams}) and {@code where} (a condition on texts {@code p}, starting with {@code AND}) narrow the texts read.
     */
    Themes themes(LocalDate weekEnd, int baselineWeeks, EmergingThemes.Options options, String with, String where, List<Object> withParams) {
        if (baselineWeeks < 1 || baselineWeeks > 52) {
            throw new IllegalArgumentException("baselineWeeks must be between 1 and 52, was " + baselineWeeks);
        }
        LocalDate weekStart = weekEnd.minusDays(6);
        LocalDateTime currentStart = start(weekStart);
        LocalDateTime currentEnd = start(weekEnd.plusDays(1));
        LocalDateTime baselineStart = start(weekStart.minusWeeks(baselineWeeks));
        List<Long> currentSeqs = new ArrayList<>();
        List<List<String>> current = new ArrayList<>();
        List<List<String>> baseline = new ArrayList<>();
        List<Object> params = new ArrayList<>(withParams);
        params.addAll(List.of(currentStart, baselineStart, currentEnd));
        jdbc.sql(with + "SELECT seq, keywords, happened_at >= ? FROM text_perceptions p WHERE sentiment = 'negative' AND happened_at >= ? AND happened_at < ? "
                        + "AND keywords <> ''" + where + " ORDER BY seq")
                .params(params)
                .query((rows, i) -> {
                    List<String> words = List.of(rows.getString(2).split(" "));
                    if (rows.getBoolean(3)) {
                        currentSeqs.add(rows.getLong(1));
                        current.add(words);
                    } else {
                        baseline.add(words);
                    }
                    return null;
                })
                .list();
        EmergingThemes.Result result = EmergingThemes.find(current, baseline, baselineWeeks, options);
        List<Theme> themes = new ArrayList<>();
        for (EmergingThemes.Theme theme : result.themes()) {
            List<Long> examples = theme.examples().stream().map(currentSeqs::get).toList();
            themes.add(new Theme(theme.keywords(), theme.count(), theme.baselineCount(), round(theme.expected()), round(theme.lift()),
                    round(theme.score()), quotesOf(examples, null)));
        }
        return new Themes(weekStart, weekEnd, baselineWeeks, current.size(), baseline.size(), themes);
    }

    /** NPS and CSAT per group and bucket from {@code from} to {@code to}. */
    public Satisfaction satisfaction(LocalDate from, LocalDate to, Bucket bucket, Dimension by) {
        checkPeriod(from, to);
        if (by == Dimension.LANGUAGE || by == Dimension.EMOTION) {
            throw new IllegalArgumentException("satisfaction cannot be grouped by " + by.name().toLowerCase(Locale.ROOT));
        }
        String group = by.expression.replace("p.event", "'Survey'");
        String bucketExpression = "CAST(date_trunc('" + bucket.name().toLowerCase(Locale.ROOT) + "', p.answered_at + to_seconds(" + offsetSeconds()
                + ")) AS DATE)";
        List<SatisfactionPoint> points = jdbc.sql("SELECT " + bucketExpression + " AS b, " + group + " AS g, "
                        + "count(*) FILTER (WHERE kind = 'nps'), count(*) FILTER (WHERE kind = 'nps' AND score >= 9), "
                        + "count(*) FILTER (WHERE kind = 'nps' AND score >= 7 AND score < 9), count(*) FILTER (WHERE kind = 'nps' AND score <= 6), "
                        + "count(*) FILTER (WHERE kind = 'csat'), count(*) FILTER (WHERE kind = 'csat' AND score >= 4), avg(score) FILTER (WHERE kind = 'csat') "
                        + "FROM survey_responses p " + profileRegion(by, "survey_responses", "answered_at")
                        + "WHERE p.answered_at >= ? AND p.answered_at < ? GROUP BY b, g ORDER BY b, g")
                .params(params(by, start(from), start(to.plusDays(1))))
                .query((rows, i) -> {
                    long nps = rows.getLong(3);
                    long csat = rows.getLong(7);
                    return new SatisfactionPoint(rows.getObject(1, LocalDate.class), rows.getString(2), nps, rows.getLong(4), rows.getLong(5),
                            rows.getLong(6), nps == 0 ? null : round(100.0 * (rows.getLong(4) - rows.getLong(6)) / nps), csat,
                            csat == 0 ? null : round(100.0 * rows.getLong(8) / csat), csat == 0 ? null : round(rows.getDouble(9)));
                })
                .list();
        return new Satisfaction(from, to, by.name().toLowerCase(Locale.ROOT), bucket.name().toLowerCase(Locale.ROOT), points);
    }

    /** Texts and negative texts in one week, region and product ({@code ""} for none); week 0 is the oldest. */
    public record WeekTexts(int week, String region, String product, long texts, long negative) {
    }

    /** Texts where one topic's clause is negative, in one week, region and product. */
    public record WeekTopic(int week, String region, String product, String topic, long negative) {
    }

    /** What {@link #weeks} returns. */
    public record Weeks(List<WeekTexts> texts, List<WeekTopic> topics) {
    }

    /**
     * Texts per week (7-day blocks of business days, the last one ending on {@code last}), region (the
     * text's, else the profile's, as {@link Dimension#REGION}) and product, with their negative topic
     * mentions: for finding where and when a complaint topic rose. Two passes over the texts of the weeks.
     */
    public Weeks weeks(LocalDate last, int weeks) {
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks must be positive, was " + weeks);
        }
        LocalDateTime start = start(last.minusDays(7L * weeks - 1));
        LocalDateTime end = start(last.plusDays(1));
        String week = weeks - 1 + " - (CAST(? AS DATE) - CAST(p.happened_at + to_seconds(" + offsetSeconds() + ") AS DATE)) // 7";
        String group = Dimension.REGION.expression + " AS g, coalesce(p.product_id, '') AS product";
        List<WeekTexts> texts = jdbc.sql("SELECT " + week + " AS w, " + group + ", count(*), count(*) FILTER (WHERE p.sentiment = 'negative')"
                        + texts(Dimension.REGION) + "WHERE p.happened_at >= ? AND p.happened_at < ? GROUP BY ALL ORDER BY ALL")
                .params(withFirst(last, params(Dimension.REGION, start, end)))
                .query((rows, i) -> new WeekTexts(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getLong(5)))
                .list();
        List<WeekTopic> topics = jdbc.sql("SELECT " + week + " AS w, " + group + ", t.topic, count(DISTINCT t.seq) FROM text_topics t "
                        + "JOIN text_perceptions p ON p.seq = t.seq " + profileRegion(Dimension.REGION, "text_perceptions", "happened_at")
                        + "WHERE t.happened_at >= ? AND t.happened_at < ? AND t.sentiment = 'negative' GROUP BY ALL ORDER BY ALL")
                .params(withFirst(last, params(Dimension.REGION, start, end)))
                .query((rows, i) -> new WeekTopic(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5)))
                .list();
        return new Weeks(texts, topics);
    }

    private static List<Object> withFirst(Object first, List<Object> rest) {
        List<Object> params = new ArrayList<>(List.of(first));
        params.addAll(rest);
        return params;
    }

    /** A topic's name in {@code zh} or {@code en} (the topic id when it has none). */
    public String topicName(String topic, String language) {
        return name(topic, language);
    }

    private String name(String topic, String language) {
        String name = perception.topicName(topic, language);
        return name != null ? name : topic;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
