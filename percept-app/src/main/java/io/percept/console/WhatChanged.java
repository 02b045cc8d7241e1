package io.percept.console;

import io.percept.console.ChangeFinder.Kind;
import io.percept.insight.OrderDays;
import io.percept.insight.Products;
import io.percept.perception.Sentiment;
import io.percept.perception.VoiceOfCustomer;
import io.percept.perception.VoiceOfCustomer.Dimension;
import io.percept.perception.VoiceOfCustomer.Quote;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changed in the last year, told in words: the weekly orders (insight's {@code order-days}
 * aggregates) and complaint mentions (perception's text tables) read once, {@link ChangeFinder}
 * finds the changes, each is written out in English or Chinese with its figures and matched to the
 * strategic initiative it belongs to, if one was defined.
 *
 * <p>The year's figures change by the week: they are recomputed at most every {@link #REFRESH} (or
 * on a new day), in the background — a request gets the figures computed last and starts the new
 * computation, so only the very first request waits for it.
 */
public final class WhatChanged {

    private static final Logger LOG = LoggerFactory.getLogger(WhatChanged.class);

    /** How many weeks are read. */
    static final int WEEKS = 52;
    /** How long a computation is served before a newer one is started. */
    static final Duration REFRESH = Duration.ofMinutes(5);
    /** Most changes told. */
    static final int MOST = 12;

    /** Festivals that lift orders nationally, named when a national peak covers them. */
    private static final Map<MonthDay, String[]> FESTIVALS = Map.of(
            MonthDay.of(6, 18), new String[] {"the 618 shopping festival", "618购物节"},
            MonthDay.of(11, 11), new String[] {"Double 11 (Singles' Day)", "双11"},
            MonthDay.of(12, 12), new String[] {"Double 12", "双12"});

    /**
     * One change as the console shows it.
     *
     * @param kind          national-demand, regional-demand, local-demand, new-product, share-shift or complaints
     * @param from          its first day
     * @param to            its last day (the last day read when it lasts)
     * @param lasting       whether it lasts to now (a shift, a new product)
     * @param regions       where (empty: everywhere)
     * @param productName   the product's name as orders named it (a new product's), or null
     * @param initiative    the id of the initiative it belongs to, or null
     * @param headline      one line
     * @param explanation   the figures in words
     */
    public record Change(String kind, LocalDate from, LocalDate to, boolean lasting, List<String> regions, String category, String sku,
                         String productName, String topic,
                         String topicName, double observed, double expected, double ratio, Double elsewhere, double surprise, Long initiative,
                         String initiativeName, String headline, String explanation) {
    }

    /** The changes of the weeks from {@code from} to {@code to}, newest first, as computed at {@code computedAt}. */
    public record Changes(LocalDate from, LocalDate to, int weeks, Instant computedAt, List<Change> changes) {
    }

    /** A computation: the finder's changes, the topic names, the initiatives they belong to. */
    private record Found(ChangeFinder.Inputs inputs, List<ChangeFinder.Change> changes, Map<Integer, Initiatives.Initiative> initiatives,
                         Instant at) {
    }

    private final OrderDays orders;
    private final VoiceOfCustomer voice;
    private final Initiatives initiatives;
    private final Products products;
    private final Clock clock;
    private final Reads reads;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Found last;

    WhatChanged(OrderDays orders, VoiceOfCustomer voice, Initiatives initiatives, Products products, Clock clock, Reads reads) {
        this.products = products;
        this.orders = orders;
        this.voice = voice;
        this.initiatives = initiatives;
        this.clock = clock;
        this.reads = reads;
    }

    /** What changed in the {@link #WEEKS} weeks ending yesterday ({@code today} in the business zone), in {@code zh} or {@code en}. */
    public Changes changes(LocalDate today, String language) {
        LocalDate lastDay = today.minusDays(1);
        Found found = this.last;
        if (found == null || !found.inputs().last().equals(lastDay)) {
            found = compute(lastDay);
        } else if (found.at().plus(REFRESH).isBefore(clock.instant()) && refreshing.compareAndSet(false, true)) {
            CompletableFuture<Found> next = reads.start(() -> compute(lastDay));
            next.whenComplete((result, failure) -> {
                refreshing.set(false);
                if (failure != null) {
                    LOG.warn("What changed: recomputing failed; the last figures are shown", failure);
                }
            });
        }
        return words(found, language);
    }

    /**
     * The customers' words behind a complaint change: the newest negative texts mentioning {@code topic}
     * from {@code from} to {@code to} in {@code regions} (empty: everywhere), up to {@code limit} (1 to 500).
     *
     * @throws IllegalArgumentException for a missing topic, a period backwards or longer than a year, too many regions
     */
    public List<Quote> words(String topic, List<String> regions, LocalDate from, LocalDate to, int limit) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required");
        }
        if (from.isAfter(to) || from.plusDays(366).isBefore(to)) {
            throw new IllegalArgumentException("from must be at most a year before to, was " + from + " to " + to);
        }
        if (regions.size() > 20) {
            throw new IllegalArgumentException("at most 20 regions, were " + regions.size());
        }
        if (regions.isEmpty()) {
            return voice.quotes(topic, Sentiment.NEGATIVE, Dimension.NONE, null, from, to, limit);
        }
        List<CompletableFuture<List<Quote>>> reads = regions.stream()
                .map(region -> this.reads.start(() -> voice.quotes(topic, Sentiment.NEGATIVE, Dimension.REGION, region, from, to, limit))).toList();
        return reads.stream().flatMap(read -> Reads.done(read).stream()).sorted(Comparator.comparing(Quote::at).reversed()).limit(limit).toList();
    }

    private Found compute(LocalDate lastDay) {
        long started = System.nanoTime();
        ChangeFinder.Inputs inputs = inputs(lastDay);
        List<ChangeFinder.Change> changes = new ArrayList<>(ChangeFinder.find(inputs));
        if (changes.size() > MOST) { // the most surprising, still newest first
            List<ChangeFinder.Change> kept = changes.stream().sorted(Comparator.comparingDouble(ChangeFinder.Change::surprise).reversed()).limit(MOST).toList();
            changes.retainAll(kept);
        }
        List<Initiatives.Initiative> defined = initiatives.list();
        Map<Integer, Initiatives.Initiative> matched = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            Initiatives.Initiative initiative = matching(inputs, changes.get(i), defined);
            if (initiative != null) {
                matched.put(i, initiative);
            }
        }
        Found found = new Found(inputs, List.copyOf(changes), matched, clock.instant());
        this.last = found;
        LOG.info("What changed: {} changes in {} weeks to {}, computed in {} ms", changes.size(), inputs.weeks(), lastDay,
                (System.nanoTime() - started) / 1_000_000);
        return found;
    }

    /** Reads the year's weekly figures: orders and texts side by side. */
    private ChangeFinder.Inputs inputs(LocalDate lastDay) {
        CompletableFuture<List<OrderDays.WeekCell>> byRegion = reads.start(() -> orders.weeks(lastDay, WEEKS, false));
        CompletableFuture<List<OrderDays.WeekCell>> byCategory = reads.start(() -> orders.weeks(lastDay, WEEKS, true));
        LocalDate first = lastDay.minusDays(7L * WEEKS - 1);
        CompletableFuture<List<OrderDays.FirstSale>> firstSales = reads.start(() -> orders.firstSales(first, lastDay));
        CompletableFuture<Map<String, String>> categoriesOfSkus = reads.start(() -> orders.categoriesOfSkus(first, lastDay));
        CompletableFuture<VoiceOfCustomer.Weeks> texts = reads.start(() -> voice.weeks(lastDay, WEEKS));
        Map<String, double[]> regionOrders = new LinkedHashMap<>();
        for (OrderDays.WeekCell cell : Reads.done(byRegion)) {
            if (known(cell.region())) {
                regionOrders.computeIfAbsent(cell.region(), r -> new double[WEEKS])[cell.week()] += cell.orders();
            }
        }
        Map<String, Map<String, double[]>> categoryOrders = new LinkedHashMap<>();
        for (OrderDays.WeekCell cell : Reads.done(byCategory)) {
            if (known(cell.region()) && !cell.category().isEmpty()) {
                categoryOrders.computeIfAbsent(cell.region(), r -> new LinkedHashMap<>())
                        .computeIfAbsent(cell.category(), c -> new double[WEEKS])[cell.week()] += cell.orders();
            }
        }
        List<ChangeFinder.NewSale> newSales = Reads.done(firstSales).stream()
                .map(sale -> new ChangeFinder.NewSale(sale.sku(), sale.category(), sale.firstDay(), sale.orders(),
                        sale.regions().stream().filter(WhatChanged::known).toList()))
                .toList();
        Map<String, String> categories = Reads.done(categoriesOfSkus);
        VoiceOfCustomer.Weeks weeks = Reads.done(texts);
        Map<String, double[]> regionTexts = new LinkedHashMap<>();
        Map<String, double[]> categoryTexts = new LinkedHashMap<>();
        for (VoiceOfCustomer.WeekTexts cell : weeks.texts()) {
            if (known(cell.region())) {
                regionTexts.computeIfAbsent(cell.region(), r -> new double[WEEKS])[cell.week()] += cell.texts();
            }
            String category = categories.get(cell.product());
            if (category != null && !category.isEmpty()) {
                categoryTexts.computeIfAbsent(category, c -> new double[WEEKS])[cell.week()] += cell.texts();
            }
        }
        Map<String, Map<String, double[]>> regionComplaints = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> categoryComplaints = new LinkedHashMap<>();
        for (VoiceOfCustomer.WeekTopic cell : weeks.topics()) {
            if (known(cell.region())) {
                regionComplaints.computeIfAbsent(cell.region(), r -> new LinkedHashMap<>())
                        .computeIfAbsent(cell.topic(), t -> new double[WEEKS])[cell.week()] += cell.negative();
            }
            String category = categories.get(cell.product());
            if (category != null && !category.isEmpty()) {
                categoryComplaints.computeIfAbsent(category, c -> new LinkedHashMap<>())
                        .computeIfAbsent(cell.topic(), t -> new double[WEEKS])[cell.week()] += cell.negative();
            }
        }
        // a store younger than the year: the weeks before its data are not weeks without orders (every series would
        // burst where the data begins), and its first week may be partial: the weeks read start after it — for
        // orders and texts apart (texts may begin later), texts never before orders
        int startOrders = start(Reads.done(byRegion).stream().mapToInt(OrderDays.WeekCell::week).min().orElse(-1));
        int startTexts = Math.max(startOrders, start(weeks.texts().stream().mapToInt(VoiceOfCustomer.WeekTexts::week).min().orElse(-1)));
        return new ChangeFinder.Inputs(lastDay, WEEKS - startOrders, WEEKS - startTexts, from(regionOrders, startOrders),
                from2(categoryOrders, startOrders), newSales, from(regionTexts, startTexts), from2(regionComplaints, startTexts),
                from(categoryTexts, startTexts), from2(categoryComplaints, startTexts));
    }

    /** The first week to read when data begins in week {@code first}: all (0) when it began before the year or has none yet. */
    private static int start(int first) {
        return first <= 0 ? 0 : first + 1;
    }

    private static Map<String, double[]> from(Map<String, double[]> series, int start) {
        Map<String, double[]> cut = new LinkedHashMap<>();
        series.forEach((key, values) -> cut.put(key, Arrays.copyOfRange(values, start, values.length)));
        return cut;
    }

    private static Map<String, Map<String, double[]>> from2(Map<String, Map<String, double[]>> series, int start) {
        Map<String, Map<String, double[]>> cut = new LinkedHashMap<>();
        series.forEach((key, inner) -> cut.put(key, from(inner, start)));
        return cut;
    }

    /** A region with a name: not the aggregates' "" nor the voice of the customer's "(unknown)". */
    private static boolean known(String region) {
        return region != null && !region.isEmpty() && !region.startsWith("(");
    }

    /**
     * The initiative a change belongs to: one that started between a week before the change and its
     * end, in its regions (or everywhere), about its product or category (or all products).
     */
    private static Initiatives.Initiative matching(ChangeFinder.Inputs in, ChangeFinder.Change change, List<Initiatives.Initiative> defined) {
        LocalDate from = in.weekStart(change.from()).minusDays(7);
        LocalDate to = change.kind() == Kind.NEW_PRODUCT ? in.weekEnd(change.from()) : in.weekEnd(change.to());
        for (Initiatives.Initiative initiative : defined) {
            InitiativeDefinition definition = initiative.definition();
            boolean when = !definition.startsOn().isBefore(from) && !definition.startsOn().isAfter(to);
            boolean where = definition.regions().isEmpty() || change.regions().isEmpty()
                    || definition.regions().stream().anyMatch(change.regions()::contains);
            boolean what = definition.skus().isEmpty() && definition.categories().isEmpty()
                    || change.sku() != null && definition.skus().contains(change.sku())
                    || change.category() != null && definition.categories().contains(change.category());
            if (when && where && (what || change.category() == null && change.sku() == null)) {
                return initiative;
            }
        }
        return null;
    }

    private Changes words(Found found, String language) {
        ChangeFinder.Inputs in = found.inputs();
        boolean zh = "zh".equals(language);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < found.changes().size(); i++) {
            ChangeFinder.Change change = found.changes().get(i);
            Initiatives.Initiative initiative = found.initiatives().get(i);
            LocalDate from = in.weekStart(change.from());
            LocalDate to = in.weekEnd(change.to());
            boolean lasting = change.kind() == Kind.SHARE_SHIFT || change.kind() == Kind.NEW_PRODUCT;
            String topicName = change.topic() == null ? null : voice.topicName(change.topic(), language);
            String evidenceName = change.evidence() == null ? null : voice.topicName(change.evidence(), language);
            String productName = change.sku() == null ? null : products.name(change.sku());
            ChangeWords.Facts facts = new ChangeWords.Facts(change, from, to, in.regionOrders().size(), categoriesIn(in, change), productName,
                    topicName, evidenceName, festival(from, to, zh), initiative == null ? null : initiative.definition().name());
            changes.add(new Change(change.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), from, to, lasting, change.regions(),
                    change.category(), change.sku(), productName, change.topic(), topicName, round(change.observed()), round(change.expected()),
                    round(change.ratio()), change.elsewhere() == null ? null : round(change.elsewhere()), round(change.surprise()),
                    initiative == null ? null : initiative.id(), initiative == null ? null : initiative.definition().name(),
                    zh ? ChangeWords.chineseHeadline(facts) : ChangeWords.englishHeadline(facts),
                    zh ? ChangeWords.chinese(facts) : ChangeWords.english(facts)));
        }
        return new Changes(in.weeks() == 0 ? in.last() : in.weekStart(0), in.last(), in.weeks(), found.at(), changes);
    }

    /** How many categories the change's region had (for "7 of 10 categories"). */
    private static int categoriesIn(ChangeFinder.Inputs in, ChangeFinder.Change change) {
        return change.regions().isEmpty() ? 0 : in.categoryOrders().getOrDefault(change.regions().get(0), Map.of()).size();
    }

    /** The festival a period covers, if any. */
    private static String festival(LocalDate from, LocalDate to, boolean zh) {
        for (Map.Entry<MonthDay, String[]> festival : FESTIVALS.entrySet()) {
            for (int year = from.getYear(); year <= to.getYear(); year++) {
                LocalDate day = festival.getKey().atYear(year);
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    return festival.getValue()[zh ? 1 : 0];
                }
            }
        }
        return null;
    }

    private static double round(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? 0 : Math.round(value * 100) / 100.0;
    }
}
