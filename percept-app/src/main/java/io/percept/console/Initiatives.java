package io.percept.console;

import io.percept.analytics.stats.DifferenceInDifferences;
import io.percept.console.InitiativeDefinition.Kpi;
import io.percept.perception.Sentiment;
import io.percept.perception.VoiceOfCustomer;
import io.percept.perception.VoiceOfCustomer.Dimension;
import io.percept.perception.VoiceOfCustomer.GroupTopics;
import io.percept.perception.VoiceOfCustomer.Quote;
import io.percept.perception.VoiceOfCustomer.TopicFigures;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Strategic initiatives and what they did: each KPI before and after the start in the target regions
 * against the control regions with a difference-in-differences estimate ({@link DifferenceInDifferences}),
 * the KPIs over time, per region and per sales channel, the customers' pain points since the start, and
 * a verdict (see {@link InitiativeVerdicts}).
 */
public final class Initiatives {

    /** A stored initiative; {@code origin} is {@code user} or {@code demo}. */
    public record Initiative(long id, String origin, InitiativeDefinition definition) {
    }

    /**
     * One KPI's effect. Values are per region and day for counts and money, pooled rates otherwise.
     *
     * @param relative the estimate relative to the treated group's counterfactual (null when not defined)
     */
    public record Effect(String kpi, Double treatedBefore, Double treatedAfter, Double controlBefore, Double controlAfter, Double estimate,
                         Double standardError, Double low, Double high, Double relative, boolean controlled, String significance) {
    }

    /** A KPI's daily values in the target and the control group (null: no data that day). */
    public record Series(String kpi, List<Double> treated, List<Double> control) {
    }

    /** A KPI's value before and after in one region or channel, and the change (relative for counts, absolute for rates). */
    public record Change(Double before, Double after, Double change) {
    }

    /** One region: {@code role} is {@code target} or {@code control}. */
    public record RegionRow(String region, String role, Map<String, Change> kpis) {
    }

    /** One sales channel in the target regions: its department ({@code marketing}, {@code sales}, {@code service}, {@code other}). */
    public record ChannelRow(String channel, String department, Map<String, Change> kpis) {
    }

    /** A topic customers complained about since the start, with examples in their own words. */
    public record PainPoint(String topic, String name, long mentions, long negative, double negativeShare, double averageScore, List<Quote> examples) {
    }

    /**
     * Everything the initiative's page shows.
     *
     * @param days the days of the series, from {@code beforeFrom} to {@code afterTo}
     */
    public record Report(Initiative initiative, Map<String, Object> definition, boolean started, LocalDate beforeFrom, LocalDate beforeTo,
                         LocalDate afterFrom, LocalDate afterTo, List<LocalDate> days, List<Effect> effects, List<Series> series,
                         List<RegionRow> regions, List<ChannelRow> channels, String painPointsBy, List<PainPoint> painPoints,
                         InitiativeVerdicts.Verdict verdict) {
    }

    /** Most days after the start the report looks at (and before it). */
    public static final int MAX_DAYS = 90;
    /** Fewest days before the start it compares with. */
    public static final int MIN_BEFORE = 14;
    static final int PAIN_POINTS = 5;
    static final int EXAMPLES = 3;

    private final InitiativeStore store;
    private final InitiativeFigures figures;
    private final VoiceOfCustomer voice;
    private final ConsoleCalendar calendar;
    private final Reads reads;

    Initiatives(InitiativeStore store, InitiativeFigures figures, VoiceOfCustomer voice, ConsoleCalendar calendar, Reads reads) {
        this.store = store;
        this.figures = figures;
        this.voice = voice;
        this.calendar = calendar;
        this.reads = reads;
    }

    public List<Initiative> list() {
        return store.list();
    }

    public Optional<Initiative> get(long id) {
        return store.get(id);
    }

    /** Stores a new initiative and returns it. */
    public Initiative create(InitiativeDefinition definition) {
        return new Initiative(store.insert(definition, "user"), "user", definition);
    }

    /** Replaces an initiative's definition; empty when there is none. */
    public Optional<Initiative> update(long id, InitiativeDefinition definition) {
        return store.update(id, definition) ? store.get(id) : Optional.empty();
    }

    public boolean delete(long id) {
        return store.delete(id);
    }

    /** Stores the initiative unless one of that name exists (for the demo world's stories); true if stored. */
    public boolean defineIfAbsent(InitiativeDefinition definition, String origin) {
        if (store.exists(definition.name())) {
            return false;
        }
        store.insert(definition, origin);
        return true;
    }

    /** The definition as the API takes it, from a JSON document. */
    public static InitiativeDefinition definition(Map<String, Object> document) {
        return InitiativeStore.definition(document);
    }

    /** The definition as a JSON document. */
    public static Map<String, Object> document(InitiativeDefinition definition) {
        return InitiativeStore.document(definition);
    }

    /**
     * The initiative's report: the after window runs from the start to its end or today (at most
     * {@value #MAX_DAYS} days), the before window as many days before the start (at least
     * {@value #MIN_BEFORE}); topic names in {@code language}.
     */
    public Optional<Report> report(long id, String language) {
        return store.get(id).map(initiative -> report(initiative, language));
    }

    private Report report(Initiative initiative, String language) {
        InitiativeDefinition definition = initiative.definition();
        LocalDate today = calendar.today();
        LocalDate afterFrom = definition.startsOn();
        boolean started = !afterFrom.isAfter(today);
        LocalDate afterTo = definition.endsOn() != null && definition.endsOn().isBefore(today) ? definition.endsOn() : today;
        if (!started) {
            afterTo = afterFrom;
        }
        if (ChronoUnit.DAYS.between(afterFrom, afterTo) >= MAX_DAYS) {
            afterTo = afterFrom.plusDays(MAX_DAYS - 1L);
        }
        int after = started ? (int) ChronoUnit.DAYS.between(afterFrom, afterTo) + 1 : 0;
        int before = Math.max(MIN_BEFORE, after);
        LocalDate beforeFrom = afterFrom.minusDays(before);
        int days = before + after;
        List<LocalDate> dates = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            dates.add(beforeFrom.plusDays(day));
        }
        Map<String, Object> document = document(definition);
        if (!started) {
            return new Report(initiative, document, false, beforeFrom, afterFrom.minusDays(1), afterFrom, null, dates.subList(0, before), List.of(),
                    List.of(), List.of(), List.of(), "none", List.of(), InitiativeVerdicts.notStarted());
        }
        // the pain points of named products, or of the regions (or all texts) when no product is targeted, do not wait for the
        // figures; those of the products sold in named categories do
        LocalDate to = afterTo;
        CompletableFuture<List<PainPoint>> named = !definition.skus().isEmpty()
                ? reads.start(() -> painPoints("product", new TreeSet<>(definition.skus()), afterFrom, to, language))
                : !definition.targetsProducts() ? reads.start(() -> painPoints(definition.regions().isEmpty() ? "all" : "region",
                        new TreeSet<>(definition.regions()), afterFrom, to, language))
                : null;
        InitiativeFigures.Read read = figures.read(definition, beforeFrom, days, before);
        List<String> treated = definition.regions().isEmpty() ? List.of("all") : definition.regions();
        List<String> control = definition.controlRegions();
        List<Effect> effects = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        int firstDay = read.daily().firstDayWithOrders(before);
        for (Kpi kpi : definition.kpis()) {
            double[] t = read.daily().group(kpi, treated, firstDay);
            double[] c = control.isEmpty() ? new double[0] : read.daily().group(kpi, control, firstDay);
            effects.add(effect(kpi, t, c, before));
            series.add(new Series(kpi.wireName(), boxed(t), control.isEmpty() ? List.of() : boxed(c)));
        }
        List<RegionRow> regions = new ArrayList<>();
        for (String region : treated) {
            regions.add(new RegionRow(region, "target", changes(definition, read.daily(), region, firstDay, before, days)));
        }
        for (String region : control) {
            regions.add(new RegionRow(region, "control", changes(definition, read.daily(), region, firstDay, before, days)));
        }
        List<ChannelRow> channels = new ArrayList<>();
        for (InitiativeFigures.ChannelFigures channel : read.channels()) {
            Map<String, Change> kpis = new LinkedHashMap<>();
            double daysBefore = Math.max(1, before - firstDay);
            kpis.put("orders", change(Kpi.ORDERS, channel.orders()[0] / daysBefore, channel.orders()[1] / (double) after));
            kpis.put("revenue", change(Kpi.REVENUE, channel.revenue()[0] / daysBefore, channel.revenue()[1] / after));
            kpis.put("units", change(Kpi.ADOPTION, channel.units()[0] / daysBefore, channel.units()[1] / after));
            channels.add(new ChannelRow(channel.channel(), department(channel.channel()), kpis));
        }
        channels.sort(Comparator.comparing((ChannelRow row) -> -row.kpis().get("revenue").after()));
        TreeSet<String> skus = new TreeSet<>(definition.skus().isEmpty() ? read.skusSold() : definition.skus());
        String painPointsBy = skus.isEmpty() ? (definition.regions().isEmpty() ? "all" : "region") : "product";
        List<PainPoint> painPoints = named != null ? Reads.done(named)
                : painPoints(painPointsBy, painPointsBy.equals("product") ? skus : new TreeSet<>(definition.regions()), afterFrom, afterTo, language);
        return new Report(initiative, document, true, beforeFrom, afterFrom.minusDays(1), afterFrom, afterTo, dates, effects, series, regions, channels,
                painPointsBy, painPoints, InitiativeVerdicts.verdict(effects, painPoints, after));
    }

    private static Effect effect(Kpi kpi, double[] treated, double[] control, int split) {
        DifferenceInDifferences.Estimate e = DifferenceInDifferences.estimate(Arrays.copyOfRange(treated, 0, split),
                Arrays.copyOfRange(treated, split, treated.length), control.length == 0 ? control : Arrays.copyOfRange(control, 0, split),
                control.length == 0 ? control : Arrays.copyOfRange(control, split, control.length));
        String significance = e.significantlyPositive() ? "up" : e.significantlyNegative() ? "down" : "none";
        return new Effect(kpi.wireName(), round(e.treatedBefore()), round(e.treatedAfter()), round(e.controlBefore()), round(e.controlAfter()),
                round(e.estimate()), round(e.standardError()), round(e.low()), round(e.high()), round(e.relative()), e.controlled(), significance);
    }

    private static Map<String, Change> changes(InitiativeDefinition definition, InitiativeFigures.Daily daily, String region, int first, int split,
            int days) {
        Map<String, Change> kpis = new LinkedHashMap<>();
        for (Kpi kpi : definition.kpis()) {
            kpis.put(kpi.wireName(), change(kpi, daily.over(kpi, region, first, split), daily.over(kpi, region, split, days)));
        }
        return kpis;
    }

    private static Change change(Kpi kpi, Double before, Double after) {
        Double change = null;
        if (before != null && after != null) {
            change = !kpi.counts() ? after - before : before == 0 ? Double.NaN : (after - before) / Math.abs(before);
        }
        return new Change(round(before), round(after), round(change));
    }

    /**
     * The topics most complained about since the start in the texts about the target products (by
     * product), else in the target regions (by region), else in all texts; each with its newest negative verbatims.
     */
    /** Up to {@link #EXAMPLES} negative texts about a topic: from any customer, else group by group in order. */
    private List<Quote> examples(String topic, Dimension dimension, TreeSet<String> groups, LocalDate from, LocalDate to) {
        List<Quote> examples = new ArrayList<>();
        if (dimension == Dimension.NONE) {
            examples.addAll(voice.quotes(topic, Sentiment.NEGATIVE, Dimension.NONE, null, from, to, EXAMPLES));
        } else {
            for (String group : groups) {
                if (examples.size() < EXAMPLES) {
                    examples.addAll(voice.quotes(topic, Sentiment.NEGATIVE, dimension, group, from, to, EXAMPLES - examples.size()));
                }
            }
        }
        return examples;
    }

    private List<PainPoint> painPoints(String by, TreeSet<String> groups, LocalDate from, LocalDate to, String language) {
        Dimension dimension = by.equals("product") ? Dimension.PRODUCT : by.equals("region") ? Dimension.REGION : Dimension.NONE;
        Map<String, long[]> counts = new HashMap<>();
        Map<String, double[]> scores = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> groupOf = new HashMap<>();
        for (GroupTopics group : voice.topics(from, to, dimension, language).groups()) {
            if (dimension != Dimension.NONE && !groups.contains(group.group())) {
                continue;
            }
            for (TopicFigures topic : group.topics()) {
                long[] count = counts.computeIfAbsent(topic.topic(), t -> new long[2]);
                count[0] += topic.mentions();
                count[1] += topic.negative();
                scores.computeIfAbsent(topic.topic(), t -> new double[1])[0] += topic.averageScore() * topic.mentions();
                names.put(topic.topic(), topic.name());
                groupOf.merge(topic.topic(), group.group(), (a, b) -> a);
            }
        }
        List<String> topics = new ArrayList<>(counts.keySet());
        topics.removeIf(topic -> counts.get(topic)[1] == 0);
        topics.sort(Comparator.comparing((String topic) -> -counts.get(topic)[1]).thenComparing(topic -> -counts.get(topic)[0]).thenComparing(t -> t));
        // each pain point's examples are read side by side
        List<String> top = topics.subList(0, Math.min(PAIN_POINTS, topics.size()));
        List<CompletableFuture<List<Quote>>> examples = new ArrayList<>();
        for (String topic : top) {
            examples.add(reads.start(() -> examples(topic, dimension, groups, from, to)));
        }
        List<PainPoint> painPoints = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            String topic = top.get(i);
            long[] count = counts.get(topic);
            painPoints.add(new PainPoint(topic, names.get(topic), count[0], count[1], round((double) count[1] / count[0]),
                    round(scores.get(topic)[0] / count[0]), Reads.done(examples.get(i))));
        }
        return painPoints;
    }

    /** The department a sales channel belongs to: marketing (web, app, social, ecommerce), sales (store, sales), service, or other. */
    static String department(String channel) {
        return switch (channel) {
            case "web", "app", "social", "ecommerce" -> "marketing";
            case "store", "sales" -> "sales";
            case "service" -> "service";
            default -> "other";
        };
    }

    private static List<Double> boxed(double[] values) {
        List<Double> boxed = new ArrayList<>(values.length);
        for (double value : values) {
            boxed.add(round(value));
        }
        return boxed;
    }

    private static Double round(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : Math.round(value * 10_000) / 10_000.0;
    }
}
