package io.percept.console;

import io.percept.analytics.text.EmergingThemes;
import io.percept.perception.VoiceOfCustomer;
import io.percept.perception.VoiceOfCustomer.Dimension;
import io.percept.perception.VoiceOfCustomer.GroupTopics;
import io.percept.perception.VoiceOfCustomer.Quote;
import io.percept.perception.VoiceOfCustomer.SatisfactionPoint;
import io.percept.perception.VoiceOfCustomer.TopicFigures;
import io.percept.prediction.Predictions;
import io.percept.rules.RuleOperations;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The executive overview: headline KPIs of a period against the period before, the complaint topics
 * of the voice of the customer, the verbatims behind a topic, and recent rule alerts and anomalies.
 * Every figure comes from the owning module's facade, except orders, revenue and active customers
 * ({@link StoreFigures}).
 */
public final class ExecutiveOverview {

    /**
     * One headline figure.
     *
     * @param key      {@code activeCustomers}, {@code revenue}, {@code orders}, {@code nps}, {@code sentiment} or {@code complaintRate}
     * @param value    this period's value; null when there is nothing to compute it from (e.g. no NPS answers)
     * @param previous the previous period's value, or null
     * @param change   for counts and money ({@code relative}) {@code (value - previous) / |previous|}; for scores and rates
     *                 ({@code absolute}) {@code value - previous} in the KPI's own unit (NPS points, percentage points, score);
     *                 null when either is null, or previous is 0 for a relative change
     */
    public record Kpi(String key, Double value, Double previous, Double change, String changeKind) {

        static Kpi relative(String key, double value, double previous) {
            return new Kpi(key, value, previous, previous == 0 ? null : round((value - previous) / Math.abs(previous)), "relative");
        }

        static Kpi absolute(String key, Double value, Double previous) {
            return new Kpi(key, value, previous, value == null || previous == null ? null : round(value - previous), "absolute");
        }

        private static double round(double value) {
            return Math.round(value * 10_000) / 10_000.0;
        }
    }

    /** A raised rule alert. */
    public record Alert(long id, String rule, String severity, String title, Object profileId, String raisedAt, boolean acknowledged) {
    }

    /** An anomalous day of a monitored series, with the range the model expected. */
    public record Anomaly(String series, String metric, String day, double value, double expected, double lower, double upper) {
    }

    /** Orders and revenue of one day of the period. */
    public record Day(LocalDate day, long orders, double revenue) {
    }

    /**
     * Everything the overview page shows.
     *
     * @param segment    the segment the figures are of (its members now), or null for everyone
     * @param segments   the segments the filter offers
     * @param unfiltered the parts not narrowed (wholly or in part) by the filter ({@code themes}, {@code alerts}, {@code anomalies},
     *                   {@code complaintShifts}; the themes and complaint shifts follow a segment, not a region, channel or product):
     *                   they show everyone's; empty when nothing is filtered
     */
    public record Overview(int days, LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo, String region, String channel,
                           List<Kpi> kpis, List<Day> trend, long texts, List<TopicFigures> topics, VoiceOfCustomer.Themes themes,
                           List<Alert> alerts, List<Anomaly> anomalies, List<String> regions, List<String> channels,
                           List<String> products, List<ComplaintShift> complaintShifts, SegmentChoice segment, List<SegmentChoice> segments,
                           List<String> unfiltered) {
    }

    /**
     * A segment the overview can be filtered by.
     *
     * @param id      the {@code segment} parameter: a saved segment's name or {@code cluster:N}
     * @param name    its name (a cluster's in English)
     * @param nameZh  its name in Chinese (a saved segment's own name)
     * @param members its live members now
     */
    public record SegmentChoice(String id, String name, String nameZh, long members) {
    }

    /**
     * A region's complaint rate (negative texts / texts, %) in the period and the one before, and the
     * change in points: where customers complain more than they did.
     */
    public record ComplaintShift(String region, long texts, double rate, Double previousRate, Double change) {
    }

    /** Regions with fewer texts in the period than this are not ranked (their rate is noise). */
    static final int SHIFT_MIN_TEXTS = 5;
    /** Most regions the "where complaints rise" card lists. */
    static final int SHIFTS = 5;

    private static final int ALERTS = 10;
    private static final int ANOMALIES = 10;
    /** How long the filter choices and the emerging themes are remembered at most. */
    static final Duration REMEMBER = Duration.ofMinutes(5);
    /** Emerging themes: the last 7 days' negative texts against this many weeks before (as {@code /api/voc/themes} by default). */
    static final int THEME_BASELINE_WEEKS = 8;

    private final VoiceOfCustomer voice;
    private final Predictions predictions;
    private final RuleOperations rules;
    private final StoreFigures store;
    private final LongSupplier head;
    private final Memo<DataVersion, Choices> choices;
    private final Memo<DataVersion, VoiceOfCustomer.Themes> themes;
    private final Memo<FilterVersion, Before> before;
    private final Reads reads;
    private final OverviewSegments segments;

    /**
     * @param head the log's head: the filter choices and the emerging themes (which change slowly and
     *             cost two 90-day and one 9-week pass over the texts) are remembered for
     *             {@link #REMEMBER} or until more data arrives
     */
    ExecutiveOverview(VoiceOfCustomer voice, Predictions predictions, RuleOperations rules, StoreFigures store, LongSupplier head, Clock clock,
            Reads reads, OverviewSegments segments) {
        this.segments = segments;
        this.voice = voice;
        this.predictions = predictions;
        this.rules = rules;
        this.store = store;
        this.head = head;
        this.choices = new Memo<>(REMEMBER, 8, clock);
        this.themes = new Memo<>(REMEMBER, 8, clock);
        this.before = new Memo<>(REMEMBER, 64, clock);
        this.reads = reads;
    }

    /**
     * The overview for a filter.
     *
     * @param language topic names in {@code zh} or {@code en}
     */
    public Overview overview(OverviewFilter filter, String language) {
        Dimension by = dimension(filter);
        String group = group(filter);
        OverviewSegments.Members members = filter.segment() == null ? null : segments.members(filter.segment());
        OverviewTexts texts = members == null ? OverviewTexts.of(voice) : segments.texts(members);
        // independent reads, each a query or two on the store: side by side, the page waits for the slowest, not the sum
        CompletableFuture<GroupTopics> current = read(() -> groupOf(texts.topics(filter.from(), filter.today(), by, language), group));
        CompletableFuture<Before> previous = read(() -> this.before.get(new FilterVersion(filter, version()), () -> before(filter, texts, members)));
        CompletableFuture<StoreFigures.Pair> store = read(() -> members == null ? this.store.figures(filter) : segments.figures(filter, members));
        CompletableFuture<Double> npsNow = read(() -> nps(texts, filter.from(), filter.today(), by, group));
        CompletableFuture<Map<String, GroupTopics>> regionsNow = read(() -> byGroup(texts.totals(filter.from(), filter.today(), Dimension.REGION)));
        CompletableFuture<VoiceOfCustomer.Themes> themes = read(() -> members != null ? segments.themes(members, filter.today())
                : this.themes.get(new DataVersion(filter.today(), version()),
                        () -> voice.themes(filter.today(), THEME_BASELINE_WEEKS, EmergingThemes.Options.defaults())));
        CompletableFuture<Choices> choices = read(() -> choices(filter));
        CompletableFuture<List<Alert>> alerts = read(this::alerts);
        CompletableFuture<List<Anomaly>> anomalies = read(this::anomalies);
        CompletableFuture<List<SegmentChoice>> offeredSegments = read(segments::choices);
        StoreFigures.Pair figures = done(store);
        GroupTopics now = done(current);
        Before before = done(previous);
        List<Kpi> kpis = List.of(
                filter.product() != null ? new Kpi("activeCustomers", null, null, null, "relative")
                        : Kpi.relative("activeCustomers", figures.current().activeCustomers(), before.activeCustomers()),
                Kpi.relative("revenue", figures.current().revenue(), figures.previousRevenue()),
                Kpi.relative("orders", figures.current().orders(), figures.previousOrders()),
                Kpi.absolute("nps", done(npsNow), before.nps()),
                Kpi.absolute("sentiment", sentiment(now), sentiment(before.group())),
                Kpi.absolute("complaintRate", complaintRate(now), complaintRate(before.group())));
        Choices offered = done(choices);
        return new Overview(filter.days(), filter.from(), filter.today(), filter.previousFrom(), filter.previousTo(), filter.region(), filter.channel(),
                kpis, figures.days(), now == null ? 0 : now.texts(), now == null ? List.of() : now.topics(), done(themes), done(alerts),
                done(anomalies), offered.regions(), offered.channels(), offered.products(), complaintShifts(done(regionsNow), before.regions()),
                members == null ? null : members.segment(), done(offeredSegments), unfiltered(filter));
    }

    /**
     * The parts the filter does not narrow (wholly or in part): alerts and anomalies are everyone's; the emerging themes and
     * where complaints rise follow a segment but no region, channel or product.
     */
    private static List<String> unfiltered(OverviewFilter filter) {
        if (!filter.narrowed()) {
            return List.of();
        }
        boolean onlySegment = filter.region() == null && filter.channel() == null && filter.product() == null;
        return onlySegment ? List.of("alerts", "anomalies") : List.of("themes", "alerts", "anomalies", "complaintShifts");
    }

    /**
     * The previous period's texts of the filter's group, NPS, texts per region and active customers (everyone's, or the
     * segment's members'): what the KPIs and the complaint shifts compare with. The period is over, so these change only
     * when late data arrives: they are remembered per filter and data version (as the filter choices), and a request
     * reads the current period only. Its four reads run side by side when not remembered.
     */
    private Before before(OverviewFilter filter, OverviewTexts texts, OverviewSegments.Members members) {
        Dimension by = dimension(filter);
        String group = group(filter);
        CompletableFuture<GroupTopics> totals = read(() -> groupOf(texts.totals(filter.previousFrom(), filter.previousTo(), by), group));
        CompletableFuture<Double> nps = read(() -> nps(texts, filter.previousFrom(), filter.previousTo(), by, group));
        CompletableFuture<Map<String, GroupTopics>> regions = read(() -> byGroup(texts.totals(filter.previousFrom(), filter.previousTo(), Dimension.REGION)));
        CompletableFuture<Long> active = read(() -> members == null ? store.active(filter, filter.previousFrom(), filter.previousTo())
                : segments.previousActive(filter, members));
        return new Before(done(totals), done(nps), done(regions), done(active));
    }
    /** The previous period's figures (see {@link #before}); {@code group} is null without texts. */
    private record Before(GroupTopics group, Double nps, Map<String, GroupTopics> regions, long activeCustomers) {
    }

    /** A filter and how much data there was, as the key of what is remembered of its previous period. */
    private record FilterVersion(OverviewFilter filter, long version) {
    }

    private static Map<String, GroupTopics> byGroup(VoiceOfCustomer.TopicReport report) {
        Map<String, GroupTopics> groups = new HashMap<>();
        for (GroupTopics group : report.groups()) {
            groups.put(group.group(), group);
        }
        return groups;
    }

    private <T> CompletableFuture<T> read(Supplier<T> read) {
        return reads.start(read);
    }

    private static <T> T done(CompletableFuture<T> read) {
        return Reads.done(read);
    }

    /**
     * The regions whose complaint rate rose most against the previous period (texts of all channels and
     * products, of the segment's members when one is chosen; at least {@link #SHIFT_MIN_TEXTS} texts in the period), highest rise first.
     */
    private static List<ComplaintShift> complaintShifts(Map<String, GroupTopics> current, Map<String, GroupTopics> before) {
        List<ComplaintShift> shifts = new ArrayList<>();
        for (GroupTopics now : current.values()) {
            if (now.group().startsWith("(") || now.texts() < SHIFT_MIN_TEXTS) {
                continue;
            }
            double rate = complaintRate(now);
            Double previous = complaintRate(before.get(now.group()));
            shifts.add(new ComplaintShift(now.group(), now.texts(), rate, previous, previous == null ? null : Math.round((rate - previous) * 10) / 10.0));
        }
        shifts.sort(Comparator.comparing((ComplaintShift shift) -> shift.change() == null ? Double.NEGATIVE_INFINITY : shift.change()).reversed()
                .thenComparing(ComplaintShift::region));
        return List.copyOf(shifts.subList(0, Math.min(SHIFTS, shifts.size())));
    }

    /** The newest verbatims mentioning a topic in the filter's period and group (of the segment's members when one is chosen), up to {@code limit} (1 to 500). */
    public List<Quote> verbatims(OverviewFilter filter, String topic, int limit) {
        OverviewTexts texts = filter.segment() == null ? OverviewTexts.of(voice) : segments.texts(segments.members(filter.segment()));
        return texts.quotes(topic, dimension(filter), group(filter), filter.from(), filter.today(), limit);
    }

    private static Dimension dimension(OverviewFilter filter) {
        return filter.region() != null ? Dimension.REGION : filter.channel() != null ? Dimension.CHANNEL
                : filter.product() != null ? Dimension.PRODUCT : Dimension.NONE;
    }

    private static String group(OverviewFilter filter) {
        return filter.region() != null ? filter.region() : filter.channel() != null ? filter.channel()
                : filter.product() != null ? filter.product() : "all";
    }

    private static GroupTopics groupOf(VoiceOfCustomer.TopicReport report, String group) {
        return report.groups().stream().filter(g -> g.group().equals(group)).findFirst().orElse(null);
    }

    private static Double sentiment(GroupTopics group) {
        return group == null || group.texts() == 0 ? null : group.averageScore();
    }

    /** The share of texts that are negative, in percent. */
    private static Double complaintRate(GroupTopics group) {
        return group == null || group.texts() == 0 ? null : Math.round(10_000.0 * group.negativeTexts() / group.texts()) / 100.0;
    }

    /** Promoters minus detractors in percent of the NPS answers of the whole period. */
    private static Double nps(OverviewTexts texts, LocalDate from, LocalDate to, Dimension by, String group) {
        long answers = 0;
        long net = 0;
        for (SatisfactionPoint point : texts.satisfaction(from, to, by).points()) {
            if (point.group().equals(group)) {
                answers += point.npsAnswers();
                net += point.promoters() - point.detractors();
            }
        }
        return answers == 0 ? null : Math.round(10_000.0 * net / answers) / 100.0;
    }

    /** What the filters offer: regions and channels with texts, products sold, in the last 90 days. */
    private record Choices(List<String> regions, List<String> channels, List<String> products) {
    }

    /** A day and how much data there was, as keys of what is remembered: new data (or a new day) is a new key. */
    private record DataVersion(LocalDate today, long version) {
    }

    private long version() {
        return Memo.version(head.getAsLong());
    }

    private Choices choices(OverviewFilter filter) {
        return choices.get(new DataVersion(filter.today(), version()),
                () -> new Choices(groups(filter, Dimension.REGION), groups(filter, Dimension.CHANNEL), store.products(filter)));
    }

    /** The regions or channels with texts in the last 90 days, for the filter's choices. */
    private List<String> groups(OverviewFilter filter, Dimension by) {
        TreeSet<String> names = new TreeSet<>();
        for (GroupTopics group : voice.topics(filter.today().minusDays(89), filter.today(), by, "en").groups()) {
            if (!group.group().startsWith("(")) {
                names.add(group.group());
            }
        }
        return List.copyOf(names);
    }

    private List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (Map<String, Object> alert : rules.alerts(ALERTS, false)) {
            alerts.add(new Alert(((Number) alert.get("id")).longValue(), (String) alert.get("rule"), (String) alert.get("severity"),
                    (String) alert.get("title"), alert.get("profileId"), (String) alert.get("raisedAt"), alert.get("acknowledgedAt") != null));
        }
        return alerts;
    }

    /** The newest anomalous days over every monitored series of the latest prediction run. */
    private List<Anomaly> anomalies() {
        List<Anomaly> found = new ArrayList<>();
        for (Map<String, Object> document : predictions.documents("anomalies").values()) {
            if (document.get("anomalies") instanceof List<?> days) {
                for (Object day : days) {
                    if (day instanceof Map<?, ?> point) {
                        found.add(new Anomaly(String.valueOf(document.get("series")), String.valueOf(document.get("metric")), String.valueOf(point.get("day")),
                                number(point.get("value")), number(point.get("expected")), number(point.get("lower")), number(point.get("upper"))));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Anomaly::day).reversed());
        return found.size() > ANOMALIES ? List.copyOf(found.subList(0, ANOMALIES)) : found;
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
