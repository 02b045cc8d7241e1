package io.percept.console;

import io.percept.console.InitiativeDefinition.Kpi;
import io.percept.insight.OrderDays;
import io.percept.perception.VoiceOfCustomer;
import io.percept.perception.VoiceOfCustomer.Bucket;
import io.percept.perception.VoiceOfCustomer.Dimension;
import io.percept.perception.VoiceOfCustomer.SatisfactionPoint;
import io.percept.perception.VoiceOfCustomer.TrendPoint;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.TreeSet;

/**
 * An initiative's KPIs per region and day over its before and after windows. Orders and revenue
 * (per region and per channel) come from the insight module's order aggregate ({@link OrderDays}),
 * adoption (distinct buyers) from its buyers table ({@link OrderDays#buyers}); sentiment, complaints and NPS from the voice of the customer's daily trend and
 * satisfaction by region.
 */
final class InitiativeFigures {

    /**
     * A KPI's daily numerator and denominator per region: counts and money have denominator 1 on every
     * day (a group's day is the mean over its regions), rates their texts or answers (a group's day
     * pools its regions: sum of numerators over sum of denominators).
     */
    static final class Daily {
        final LocalDate first;
        final int days;
        final Map<Kpi, Map<String, double[][]>> cells = new EnumMap<>(Kpi.class);
        /** Days with any order (of any product, anywhere). */
        final boolean[] trading;

        Daily(LocalDate first, int days) {
            this.first = first;
            this.days = days;
            this.trading = new boolean[days];
        }

        double[][] cell(Kpi kpi, String region) {
            return cells.computeIfAbsent(kpi, k -> new HashMap<>()).computeIfAbsent(region, r -> new double[2][days]);
        }

        /**
         * The first day with any order in any region, at most {@code limit}: the days before it are
         * before the store's history (a young store, or the demo world's first day), not days without sales.
         */
        int firstDayWithOrders(int limit) {
            for (int day = 0; day < limit; day++) {
                if (trading[day]) {
                    return day;
                }
            }
            return limit;
        }

        /** The group's value on each day (NaN before {@code firstDay} and where a rate has nothing to divide). */
        double[] group(Kpi kpi, Collection<String> regions, int firstDay) {
            double[] values = new double[days];
            Arrays.fill(values, 0, firstDay, Double.NaN);
            for (int day = firstDay; day < days; day++) {
                double numerator = 0;
                double denominator = 0;
                for (String region : regions) {
                    double[][] cell = cells.getOrDefault(kpi, Map.of()).get(region);
                    if (cell != null) {
                        numerator += cell[0][day];
                        denominator += cell[1][day];
                    }
                }
                values[day] = kpi.counts() ? numerator / Math.max(1, regions.size()) : denominator == 0 ? Double.NaN : numerator / denominator;
            }
            return values;
        }

        /** A region's value over days {@code from} (inclusive) to {@code to} (exclusive): mean per day for counts, pooled for rates. */
        Double over(Kpi kpi, String region, int from, int to) {
            double[][] cell = cells.getOrDefault(kpi, Map.of()).get(region);
            double numerator = 0;
            double denominator = 0;
            for (int day = from; day < to && cell != null; day++) {
                numerator += cell[0][day];
                denominator += cell[1][day];
            }
            if (kpi.counts()) {
                return to > from ? numerator / (to - from) : null;
            }
            return denominator == 0 ? null : numerator / denominator;
        }
    }

    /** Orders, units and revenue of one sales channel before and after the start (index 0 and 1). */
    record ChannelFigures(String channel, long[] orders, double[] units, double[] revenue) {
    }

    /** Everything read for one initiative's windows. */
    record Read(Daily daily, List<ChannelFigures> channels, Set<String> skusSold) {
    }

    private static final String ALL = "all";

    private final OrderDays orderDays;
    private final VoiceOfCustomer voice;
    private final Reads reads;

    InitiativeFigures(OrderDays orderDays, VoiceOfCustomer voice, Reads reads) {
        this.orderDays = orderDays;
        this.voice = voice;
        this.reads = reads;
    }

    /**
     * The KPIs per region (or {@value #ALL} when the initiative names no regions) and day from
     * {@code first} for {@code days} days; {@code split} is the index of the first day after the start.
     */
    Read read(InitiativeDefinition definition, LocalDate first, int days, int split) {
        Daily daily = new Daily(first, days);
        LocalDate last = first.plusDays(days - 1L);
        Set<String> regions = new HashSet<>(definition.regions());
        regions.addAll(definition.controlRegions());
        // the voice of the customer and the buyers are read side by side with the orders, then applied in turn
        Dimension by = regions.isEmpty() ? Dimension.NONE : Dimension.REGION;
        CompletableFuture<List<TrendPoint>> trend = reads.start(() -> voice.trend(null, first, last, Bucket.DAY, by).points());
        CompletableFuture<List<SatisfactionPoint>> satisfaction = reads.start(() -> voice.satisfaction(first, last, Bucket.DAY, by).points());
        CompletableFuture<List<OrderDays.Buyers>> buyers = definition.kpis().contains(Kpi.ADOPTION)
                ? reads.start(() -> orderDays.buyers(first, last, regions, Set.copyOf(definition.skus()), Set.copyOf(definition.categories())))
                : CompletableFuture.completedFuture(List.of());
        for (String where : regions.isEmpty() ? Set.of(ALL) : regions) {
            for (Kpi kpi : List.of(Kpi.ORDERS, Kpi.REVENUE, Kpi.ADOPTION)) {
                Arrays.fill(daily.cell(kpi, where)[1], 1);
            }
        }
        Set<String> targets = new HashSet<>(definition.regions());
        List<OrderDays.Filter> filters = productFilters(definition, first, last);
        LocalDate start = first.plusDays(split);
        CompletableFuture<List<OrderDays.DayCell>> trading = reads.start(() -> orderDays.daily(first, last, OrderDays.Dimension.DAY,
                OrderDays.Filter.all()));
        List<CompletableFuture<List<OrderDays.DayCell>>> byRegion = new ArrayList<>();
        List<CompletableFuture<List<OrderDays.DayCell>>> byChannel = new ArrayList<>();
        List<CompletableFuture<List<OrderDays.Cell>>> bySku = new ArrayList<>();
        for (OrderDays.Filter products : filters) {
            byRegion.add(reads.start(() -> orderDays.daily(first, last, OrderDays.Dimension.REGION, products.withRegions(regions))));
            byChannel.add(reads.start(() -> orderDays.daily(first, last, OrderDays.Dimension.CHANNEL, products.withRegions(targets))));
            bySku.add(definition.targetsProducts() && !start.isAfter(last)
                    ? reads.start(() -> orderDays.totals(start, last, OrderDays.Dimension.SKU, products.withRegions(targets)))
                    : CompletableFuture.completedFuture(List.of()));
        }
        for (OrderDays.DayCell cell : Reads.done(trading)) {
            daily.trading[index(first, cell.day())] = true;
        }
        Map<String, ChannelFigures> channels = new TreeMap<>();
        Set<String> skusSold = new TreeSet<>();
        for (int i = 0; i < filters.size(); i++) {
            for (OrderDays.DayCell cell : Reads.done(byRegion.get(i))) {
                String where = regions.isEmpty() ? ALL : cell.key();
                int day = index(first, cell.day());
                daily.cell(Kpi.ORDERS, where)[0][day] += cell.orders();
                daily.cell(Kpi.REVENUE, where)[0][day] += cell.revenue();
            }
            for (OrderDays.DayCell cell : Reads.done(byChannel.get(i))) {
                int period = index(first, cell.day()) < split ? 0 : 1;
                ChannelFigures figures = channels.computeIfAbsent(cell.key(), c -> new ChannelFigures(c, new long[2], new double[2], new double[2]));
                figures.orders()[period] += cell.orders();
                figures.units()[period] += cell.units();
                figures.revenue()[period] += cell.revenue();
            }
            for (OrderDays.Cell cell : Reads.done(bySku.get(i))) {
                skusSold.add(cell.key());
            }
        }
        addBuyers(Reads.done(buyers), daily, regions, first);
        addVoice(Reads.done(trend), Reads.done(satisfaction), daily, regions, first);
        return new Read(daily, List.copyOf(channels.values()), skusSold);
    }

    /**
     * The order aggregate's filters whose sum is the initiative's products: all orders when it names
     * none; else its categories, plus its skus outside those categories (so no line counts twice).
     */
    private List<OrderDays.Filter> productFilters(InitiativeDefinition definition, LocalDate first, LocalDate last) {
        if (!definition.targetsProducts()) {
            return List.of(OrderDays.Filter.all());
        }
        List<OrderDays.Filter> filters = new ArrayList<>();
        if (!definition.categories().isEmpty()) {
            filters.add(OrderDays.Filter.all().withCategories(Set.copyOf(definition.categories())));
        }
        Map<String, String> categories = definition.categories().isEmpty() ? Map.of() : orderDays.categoriesOfSkus(first, last);
        Set<String> skus = new HashSet<>();
        for (String sku : definition.skus()) {
            String category = categories.get(sku);
            if (category == null || !definition.categories().contains(category)) {
                skus.add(sku);
            }
        }
        if (!skus.isEmpty()) {
            filters.add(OrderDays.Filter.all().withSkus(skus));
        }
        return filters;
    }

    /**
     * Adoption: distinct buyers of the target products per region and day, from insight's
     * {@code order_buyers} ({@link OrderDays#buyers}; a region as the order aggregate has it).
     */
    private static void addBuyers(List<OrderDays.Buyers> buyers, Daily daily, Set<String> regions, LocalDate first) {
        for (OrderDays.Buyers day : buyers) {
            int index = index(first, day.day());
            if (index >= 0 && index < daily.days) {
                daily.cell(Kpi.ADOPTION, regions.isEmpty() ? ALL : day.region())[0][index] = day.buyers();
            }
        }
    }

    private static int index(LocalDate first, LocalDate day) {
        return (int) ChronoUnit.DAYS.between(first, day);
    }

    /** Sentiment and complaints from the daily trend of all topics, NPS from the daily satisfaction, by region. */
    private static void addVoice(List<TrendPoint> trend, List<SatisfactionPoint> satisfaction, Daily daily, Set<String> regions, LocalDate first) {
        for (TrendPoint point : trend) {
            int day = (int) ChronoUnit.DAYS.between(first, point.bucket());
            if (day >= 0 && day < daily.days && (regions.isEmpty() || regions.contains(point.group()))) {
                String where = regions.isEmpty() ? ALL : point.group();
                double[][] sentiment = daily.cell(Kpi.SENTIMENT, where);
                sentiment[0][day] += point.averageScore() * point.mentions();
                sentiment[1][day] += point.mentions();
                double[][] complaints = daily.cell(Kpi.COMPLAINTS, where);
                complaints[0][day] += 100.0 * point.negative();
                complaints[1][day] += point.mentions();
            }
        }
        for (SatisfactionPoint point : satisfaction) {
            int day = (int) ChronoUnit.DAYS.between(first, point.bucket());
            if (day >= 0 && day < daily.days && point.npsAnswers() > 0 && (regions.isEmpty() || regions.contains(point.group()))) {
                double[][] nps = daily.cell(Kpi.NPS, regions.isEmpty() ? ALL : point.group());
                nps[0][day] += 100.0 * (point.promoters() - point.detractors());
                nps[1][day] += point.npsAnswers();
            }
        }
    }

    /** Whether the order has a line of the initiative's products (product id, else sku; category). */
}
