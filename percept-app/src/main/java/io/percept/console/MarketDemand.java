package io.percept.console;

import io.percept.insight.OrderDays;
import io.percept.insight.OrderDays.Cell;
import io.percept.insight.OrderDays.DayCell;
import io.percept.insight.OrderDays.Dimension;
import io.percept.prediction.Predictions;
import io.percept.profile.Profiles;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The market and demand page: demand by region and by customer segment against the previous
 * period, the demand forecast with its interval, where to put resources (a demand-intensity
 * score with its reason in words), hot and falling products, new products and where they sell,
 * emerging bundles, the weekday × hour pattern of orders and 52 weeks of orders by region and
 * category. Orders come from {@link OrderDays} (an aggregate, never the event log); customers,
 * predicted value (CLV) and segments from the profiles and the newest prediction run.
 *
 * <p>Demand-intensity score of a region (0-100):
 * {@code 100 × (0.40 × L / max L + 0.35 × (clamp(g, −1, 2) + 1) / 3 + 0.25 × V / max V)}, where
 * {@code L} is the period's revenue per customer of the region, {@code g} its revenue change
 * against the previous period (2 when it had none before) and {@code V} the predicted value (sum of
 * CLV) of its customers; without a prediction run the value term is dropped and the other two are
 * rescaled to 100. A segment (cluster of the prediction run) scores
 * {@code 100 × (0.40 × S / max S + 0.35 × (1 − churn risk) + 0.25 × V / max V)} with {@code S} its
 * members' revenue per customer so far: the aggregate has no per-customer orders, so the segment's
 * outlook (one minus its mean churn risk) stands in for growth.
 */
public final class MarketDemand {

    static final double LEVEL_WEIGHT = 0.40;
    static final double GROWTH_WEIGHT = 0.35;
    static final double VALUE_WEIGHT = 0.25;
    /** A product is new when its first order is within this many days. */
    static final int NEW_PRODUCT_DAYS = 120;
    /** Days at the start of the order history in which no product counts as new. */
    static final int SETTLING_DAYS = 14;
    private static final int WEEKS = 52;
    private static final int HISTORY_SHOWN = 42;
    private static final int PRODUCTS = 8;
    private static final int BUNDLES = 8;
    private static final int HOTSPOTS = 6;
    static final double HOTSPOT_SHARE = 0.005;

    /** Orders, units and revenue of the period and the one before, with the relative changes (null when the previous one is 0). */
    public record Figures(long orders, double units, double revenue, long previousOrders, double previousUnits, double previousRevenue,
                          Double ordersChange, Double unitsChange, Double revenueChange) {

        static Figures of(Cell now, Cell before) {
            Cell a = now == null ? new Cell("", 0, 0, 0) : now;
            Cell b = before == null ? new Cell("", 0, 0, 0) : before;
            return new Figures(a.orders(), round(a.units(), 100), round(a.revenue(), 100), b.orders(), round(b.units(), 100), round(b.revenue(), 100),
                    change(a.orders(), b.orders()), change(a.units(), b.units()), change(a.revenue(), b.revenue()));
        }
    }

    /**
     * A region's demand and its rank.
     *
     * @param customers          live profiles in the region
     * @param revenuePerCustomer the period's revenue per customer, null without customers
     * @param predictedValue     the sum of its customers' CLV from the newest prediction run, null without one
     * @param driver             the category whose revenue changed most in the region (up if the region grew), or null
     * @param forecastChange     the forecast's mean of the next 7 days against the last 7 days of history (orders), or null
     */
    public record RegionDemand(String region, Figures figures, int customers, Double revenuePerCustomer, Double predictedValue, String driver,
                               Double driverChange, Double forecastChange, double score, String reason, String reasonZh) {
    }

    /**
     * A region's category growing faster than the category in all regions: {@code excess} is the
     * cell's relative revenue change minus the category's, {@code extraRevenue} the revenue above what
     * the category's change everywhere would have given ({@code now − before × (1 + categoryChange)});
     * the page lists the largest extra revenue first, so a few orders on a small base do not lead.
     */
    public record Hotspot(String region, String category, Figures figures, Double categoryChange, double excess, double extraRevenue, String reason,
                          String reasonZh) {
    }

    /** A customer segment (a cluster of the newest prediction run) and its rank. */
    public record SegmentDemand(int cluster, String name, String nameZh, int customers, double revenuePerCustomer, Double churnRisk,
                                double predictedValue, double score, String reason, String reasonZh) {
    }

    /** A day of history, or of forecast with its interval. */
    public record ForecastPoint(String day, Double actual, Double mean, Double lower, Double upper) {
    }

    /**
     * The forecast of daily orders the prediction run made for the filter's series.
     *
     * @param series   {@code total}, {@code channel:<name>} or {@code category:<name>}
     * @param coverage of the interval (0.95)
     * @param mase     the backtest's mean absolute scaled error (below 1 beats the seasonal naive forecast), or null
     * @param skipped  why there is no forecast, or null
     */
    public record DemandForecast(String series, String model, Double coverage, Double mase, String runAsOf, List<ForecastPoint> points,
                                 Double nextWeek, Double lastWeek, String skipped) {
    }

    /** A category's demand against the previous period. */
    public record CategoryDemand(String category, Figures figures) {
    }

    /** A product's demand against the previous period; {@code regions}: where a new product sold (its revenue share by region, highest first). */
    public record ProductDemand(String sku, String category, Figures figures, boolean isNew, String firstDay, Map<String, Double> regions) {
    }

    /** A bundle of the prediction run: bought together in {@code baskets} baskets; {@code newProducts}: those of its products that are new. */
    public record Bundle(List<String> products, long baskets, double support, double lift, List<String> newProducts) {
    }

    /** Orders per week of one region or category, oldest week first. */
    public record WeekSeries(String key, List<Long> orders) {
    }

    /** Everything the page shows. */
    public record Market(int days, LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo, String channel, String category,
                         Figures totals, List<RegionDemand> regions, List<Hotspot> hotspots, List<SegmentDemand> segments, DemandForecast forecast,
                         List<CategoryDemand> categories, List<ProductDemand> risingProducts, List<ProductDemand> fallingProducts,
                         List<ProductDemand> newProducts, String bundleBasis, List<Bundle> bundles, long[][] weekdayHours, int peakWeekday,
                         int peakHour, List<String> weeks, List<WeekSeries> weeklyByRegion, List<WeekSeries> weeklyByCategory,
                         List<String> channels, List<String> categoryChoices, boolean predicted) {
    }

    private final OrderDays orders;
    private final Predictions predictions;
    private final Profiles profiles;
    private final Reads reads;

    private final LongSupplier head;
    private final Memo<Version, Background> background;

    /**
     * @param head the log's head: what changes slowly (the walk over the live profiles, a year's products
     *             and two years' first sales) is remembered for {@link ExecutiveOverview#REMEMBER} or until
     *             more data arrives or a prediction run succeeds
     */
    MarketDemand(OrderDays orders, Predictions predictions, Profiles profiles, Reads reads, LongSupplier head, Clock clock) {
        this.reads = reads;
        this.orders = orders;
        this.predictions = predictions;
        this.profiles = profiles;
        this.head = head;
        this.background = new Memo<>(ExecutiveOverview.REMEMBER, 4, clock);
    }

    /** The customers per region and cluster, the category of every product sold in the last year, and new products' first days. */
    private record Background(CustomerFacts customers, Map<String, String> categoriesOfSkus, Map<String, LocalDate> newProducts) {
    }

    /** A day, how much data there was ({@link Memo#version}) and the newest prediction run: the key of what is remembered. */
    private record Version(LocalDate today, long data, Long run) {
    }

    private Background background(LocalDate to) {
        CompletableFuture<CustomerFacts> customers = reads.start(this::customers);
        CompletableFuture<Map<String, String>> categoriesOfSkus = reads.start(() -> orders.categoriesOfSkus(to.minusDays(364), to));
        CompletableFuture<Map<String, LocalDate>> newProducts = reads.start(() -> newProducts(to));
        return new Background(Reads.done(customers), Reads.done(categoriesOfSkus), Reads.done(newProducts));
    }

    public Market market(MarketFilter filter) {
        OrderDays.Filter by = filter.orders();
        LocalDate from = filter.from();
        LocalDate to = filter.today();
        // independent reads side by side (the regions, which need the customers and the forecasts, on this thread meanwhile)
        CompletableFuture<Background> slow = reads.start(() -> background.get(
                new Version(to, Memo.version(head.getAsLong()), predictions.latestSucceeded().orElse(null)), () -> background(to)));
        CompletableFuture<CustomerFacts> customerFacts = slow.thenApply(Background::customers);
        CompletableFuture<Map<String, Map<String, Object>>> forecastDocuments = reads.start(() -> predictions.documents("forecast"));
        CompletableFuture<Map<String, String>> categoriesOfSkus = slow.thenApply(Background::categoriesOfSkus);
        CompletableFuture<Map<String, LocalDate>> newProducts = slow.thenApply(Background::newProducts);
        CompletableFuture<List<Cell>> skuCellsNow = reads.start(() -> orders.totals(from, to, Dimension.SKU, by));
        CompletableFuture<List<Cell>> skuCellsBefore = reads.start(() -> orders.totals(filter.previousFrom(), filter.previousTo(), Dimension.SKU, by));
        CompletableFuture<Map<String, Object>> bundles = reads.start(() -> predictions.documents("bundles").getOrDefault("", Map.of()));
        CompletableFuture<List<Cell>> hours = reads.start(() -> orders.totals(from, to, Dimension.WEEKDAY_HOUR, by));
        LocalDate firstWeek = to.minusDays(WEEKS * 7L - 1);
        OrderDays.Filter channelOnly = by.withCategories(Set.of());
        CompletableFuture<List<WeekSeries>> weeklyRegions = reads.start(() -> weekly(firstWeek, to, Dimension.REGION, by));
        CompletableFuture<List<WeekSeries>> weeklyCategories = reads.start(() -> weekly(firstWeek, to, Dimension.CATEGORY, channelOnly));
        CompletableFuture<List<Cell>> channelChoices = reads.start(() -> orders.totals(to.minusDays(89), to, Dimension.CHANNEL, OrderDays.Filter.all()));
        CompletableFuture<List<Cell>> categoryChoices = reads.start(() -> orders.totals(to.minusDays(89), to, Dimension.CATEGORY, OrderDays.Filter.all()));
        Map<String, Cell> now = keyed(orders.totals(from, to, Dimension.DAY, by));
        Map<String, Cell> before = keyed(orders.totals(filter.previousFrom(), filter.previousTo(), Dimension.DAY, by));
        Figures totals = Figures.of(sum(now.values()), sum(before.values()));

        CustomerFacts customers = Reads.done(customerFacts);
        Map<String, Map<String, Object>> forecasts = Reads.done(forecastDocuments);
        Map<String, Cell> categoriesNow = keyed(orders.totals(from, to, Dimension.CATEGORY, by));
        Map<String, Cell> categoriesBefore = keyed(orders.totals(filter.previousFrom(), filter.previousTo(), Dimension.CATEGORY, by));
        List<Hotspot> hotspots = new ArrayList<>();
        List<RegionDemand> regions = regions(filter, by, customers, forecasts, totals.revenue(), categoriesNow, categoriesBefore, hotspots);
        List<SegmentDemand> segments = segments(customers);

        List<CategoryDemand> categories = new ArrayList<>();
        for (String key : union(categoriesNow, categoriesBefore)) {
            categories.add(new CategoryDemand(key, Figures.of(categoriesNow.get(key), categoriesBefore.get(key))));
        }
        categories.sort(Comparator.comparingDouble((CategoryDemand c) -> -(c.figures().revenue() - c.figures().previousRevenue())));

        Map<String, String> categoryOf = Reads.done(categoriesOfSkus);
        Map<String, LocalDate> firstDays = Reads.done(newProducts);
        Map<String, Cell> skusNow = keyed(Reads.done(skuCellsNow));
        Map<String, Cell> skusBefore = keyed(Reads.done(skuCellsBefore));
        List<ProductDemand> products = new ArrayList<>();
        for (String sku : union(skusNow, skusBefore)) {
            LocalDate first = firstDays.get(sku);
            products.add(new ProductDemand(sku, categoryOf.getOrDefault(sku, ""), Figures.of(skusNow.get(sku), skusBefore.get(sku)), first != null,
                    first == null ? null : first.toString(), Map.of()));
        }
        Comparator<ProductDemand> byIncrease = Comparator.comparingDouble(p -> p.figures().revenue() - p.figures().previousRevenue());
        List<ProductDemand> rising = products.stream().filter(p -> p.figures().revenue() > p.figures().previousRevenue())
                .sorted(byIncrease.reversed().thenComparing(ProductDemand::sku)).limit(PRODUCTS).toList();
        List<ProductDemand> falling = products.stream().filter(p -> p.figures().revenue() < p.figures().previousRevenue())
                .sorted(byIncrease.thenComparing(ProductDemand::sku)).limit(PRODUCTS).toList();
        List<ProductDemand> launched = new ArrayList<>();
        firstDays.forEach((sku, first) -> launched.add(new ProductDemand(sku, categoryOf.getOrDefault(sku, ""),
                Figures.of(skusNow.get(sku), skusBefore.get(sku)), true, first.toString(), regionShares(sku, first, to))));

        Map<String, Object> bundleDocument = Reads.done(bundles);
        long[][] weekdayHours = new long[7][24];
        int peak = -1;
        long peakOrders = -1;
        for (Cell cell : Reads.done(hours)) {
            int weekday = cell.key().charAt(0) - '1';
            int hour = Integer.parseInt(cell.key().substring(2));
            weekdayHours[weekday][hour] = cell.orders();
            if (cell.orders() > peakOrders) {
                peakOrders = cell.orders();
                peak = weekday * 24 + hour;
            }
        }
        List<String> weeks = new ArrayList<>();
        for (int w = 0; w < WEEKS; w++) {
            weeks.add(firstWeek.plusDays(w * 7L).toString());
        }
        List<Cell> recentChannels = Reads.done(channelChoices);
        List<Cell> recentCategories = Reads.done(categoryChoices);
        return new Market(filter.days(), from, to, filter.previousFrom(), filter.previousTo(), filter.channel(), filter.category(), totals, regions,
                hotspots, segments, forecast(filter, forecasts), categories, rising, falling, launched, text(bundleDocument.get("basis")),
                bundles(bundleDocument, firstDays.keySet()), weekdayHours, peak < 0 ? -1 : peak / 24 + 1, peak < 0 ? -1 : peak % 24, weeks,
                Reads.done(weeklyRegions), Reads.done(weeklyCategories),
                recentChannels.stream().map(Cell::key).sorted().toList(),
                recentCategories.stream().map(Cell::key).filter(key -> !key.isEmpty()).sorted().toList(), predictions.latestSucceeded().isPresent());
    }

    // ---- regions and segments

    /** Per region and per cluster of the live profiles: customers, predicted value, churn risk, revenue so far. */
    private record CustomerFacts(Map<String, double[]> regions, Map<Integer, double[]> clusters, Map<Integer, String[]> clusterNames, boolean scored) {
    }

    private CustomerFacts customers() {
        Map<String, double[]> regions = new HashMap<>();
        Map<Integer, double[]> clusters = new HashMap<>();
        Map<Integer, String[]> names = new HashMap<>();
        boolean[] scored = new boolean[1];
        profiles.forEach((id, facts) -> {
            Object region = facts.value("region");
            Object clv = facts.value("clv");
            double value = clv instanceof Number number ? number.doubleValue() : 0;
            scored[0] |= clv instanceof Number;
            if (region != null) {
                double[] sums = regions.computeIfAbsent(region.toString(), k -> new double[2]);
                sums[0]++;
                sums[1] += value;
            }
            if (facts.value("cluster") instanceof Number cluster) {
                double[] sums = clusters.computeIfAbsent(cluster.intValue(), k -> new double[5]);
                sums[0]++;
                sums[1] += value;
                sums[2] += facts.value("revenue") instanceof Number revenue ? revenue.doubleValue() : 0;
                if (facts.value("churnRisk") instanceof Number risk) {
                    sums[3] += risk.doubleValue();
                    sums[4]++;
                }
                names.putIfAbsent(cluster.intValue(), new String[] {text(facts.value("clusterName")), text(facts.value("clusterNameZh"))});
            }
        });
        return new CustomerFacts(regions, clusters, names, scored[0]);
    }

    private List<RegionDemand> regions(MarketFilter filter, OrderDays.Filter by, CustomerFacts customers, Map<String, Map<String, Object>> forecasts,
            double revenue, Map<String, Cell> categoriesNow, Map<String, Cell> categoriesBefore, List<Hotspot> hotspots) {
        Map<String, Cell> now = keyed(orders.totals(filter.from(), filter.today(), Dimension.REGION, by));
        Map<String, Cell> before = keyed(orders.totals(filter.previousFrom(), filter.previousTo(), Dimension.REGION, by));
        List<String> keys = union(now, before).stream().filter(key -> !key.isEmpty()).toList();
        double[] level = new double[keys.size()];
        double[] growth = new double[keys.size()];
        double[] value = new double[keys.size()];
        List<Figures> figures = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Figures f = Figures.of(now.get(keys.get(i)), before.get(keys.get(i)));
            figures.add(f);
            double[] people = customers.regions().getOrDefault(keys.get(i), new double[2]);
            level[i] = people[0] > 0 ? f.revenue() / people[0] : 0;
            growth[i] = f.revenueChange() == null ? (f.revenue() > 0 ? 2 : 0) : Math.max(-1, Math.min(2, f.revenueChange()));
            value[i] = people[1];
        }
        double[] scores = scores(level, growth, value, customers.scored());
        List<RegionDemand> regions = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String region = keys.get(i);
            Figures f = figures.get(i);
            double[] people = customers.regions().getOrDefault(region, new double[2]);
            OrderDays.Filter inRegion = by.withRegions(Set.of(region));
            Map<String, Cell> cellsNow = keyed(orders.totals(filter.from(), filter.today(), Dimension.CATEGORY, inRegion));
            Map<String, Cell> cellsBefore = keyed(orders.totals(filter.previousFrom(), filter.previousTo(), Dimension.CATEGORY, inRegion));
            int found = hotspots.size();
            hotspots(filter.days(), region, cellsNow, cellsBefore, categoriesNow, categoriesBefore, revenue, hotspots);
            // a growing region's driver: the category most above its trend everywhere, else the one that changed most
            String[] driver = f.revenue() >= f.previousRevenue() && hotspots.size() > found
                    ? hotspots.subList(found, hotspots.size()).stream().max(Comparator.comparingDouble(Hotspot::extraRevenue))
                            .map(h -> new String[] {h.category(), String.valueOf(h.figures().revenueChange())}).orElseThrow()
                    : driver(cellsNow, cellsBefore, f.revenue() >= f.previousRevenue());
            Double driverChange = driver == null || driver[1] == null ? null : Double.valueOf(driver[1]);
            Double forecastChange = forecastChange(forecasts.get("region:" + region + "|orders"));
            Double predicted = customers.scored() ? round(people[1], 100) : null;
            DemandReasons.RegionFacts facts = new DemandReasons.RegionFacts(region, filter.days(), f.revenue(), f.revenueChange(),
                    driver == null ? null : driver[0], driverChange, forecastChange, predicted, (int) people[0]);
            regions.add(new RegionDemand(region, f, (int) people[0], people[0] > 0 ? round(level[i], 100) : null, predicted,
                    driver == null ? null : driver[0], driverChange, forecastChange, scores[i], DemandReasons.english(facts),
                    DemandReasons.chinese(facts)));
        }
        regions.sort(Comparator.comparingDouble(RegionDemand::score).reversed().thenComparing(RegionDemand::region));
        hotspots.sort(Comparator.comparingDouble(Hotspot::extraRevenue).reversed().thenComparing(Hotspot::region).thenComparing(Hotspot::category));
        if (hotspots.size() > HOTSPOTS) {
            hotspots.subList(HOTSPOTS, hotspots.size()).clear();
        }
        return regions;
    }

    /**
     * Adds the region's categories that grew faster than the category did everywhere: only cells with
     * revenue in both periods and at least {@value #HOTSPOT_SHARE} of the period's revenue (so a
     * handful of orders does not top the list).
     */
    private static void hotspots(int days, String region, Map<String, Cell> now, Map<String, Cell> before, Map<String, Cell> categoriesNow,
            Map<String, Cell> categoriesBefore, double revenue, List<Hotspot> hotspots) {
        for (String category : now.keySet()) {
            Figures cell = Figures.of(now.get(category), before.get(category));
            Double everywhere = change(revenue(categoriesNow.get(category)), revenue(categoriesBefore.get(category)));
            if (category.isEmpty() || cell.revenueChange() == null || everywhere == null || cell.revenue() < HOTSPOT_SHARE * revenue) {
                continue;
            }
            double excess = round(cell.revenueChange() - everywhere, 10_000);
            double extra = round(cell.revenue() - cell.previousRevenue() * (1 + everywhere), 100);
            if (excess > 0 && extra > 0) {
                hotspots.add(new Hotspot(region, category, cell, everywhere, excess, extra,
                        DemandReasons.hotspotEnglish(region, category, days, cell.revenueChange(), everywhere, extra),
                        DemandReasons.hotspotChinese(region, category, days, cell.revenueChange(), everywhere, extra)));
            }
        }
    }

    /** The scores of the class comment, rounded to 0.1. */
    static double[] scores(double[] level, double[] growth, double[] value, boolean withValue) {
        double maxLevel = max(level);
        double maxValue = max(value);
        double weights = LEVEL_WEIGHT + GROWTH_WEIGHT + (withValue ? VALUE_WEIGHT : 0);
        double[] scores = new double[level.length];
        for (int i = 0; i < level.length; i++) {
            double score = LEVEL_WEIGHT * (maxLevel > 0 ? level[i] / maxLevel : 0) + GROWTH_WEIGHT * (growth[i] + 1) / 3
                    + (withValue && maxValue > 0 ? VALUE_WEIGHT * value[i] / maxValue : 0);
            scores[i] = round(100 * score / weights, 10);
        }
        return scores;
    }

    /** The category whose revenue in the region rose most (fell most when {@code up} is false): name and relative change (null if new). */
    private static String[] driver(Map<String, Cell> now, Map<String, Cell> before, boolean up) {
        String best = null;
        double bestDelta = 0;
        for (String key : union(now, before)) {
            double delta = revenue(now.get(key)) - revenue(before.get(key));
            if (!key.isEmpty() && (up ? delta > bestDelta : delta < bestDelta)) {
                best = key;
                bestDelta = delta;
            }
        }
        if (best == null) {
            return null;
        }
        Double change = change(revenue(now.get(best)), revenue(before.get(best)));
        return new String[] {best, change == null ? null : change.toString()};
    }

    private List<SegmentDemand> segments(CustomerFacts customers) {
        List<Integer> keys = customers.clusters().keySet().stream().sorted().toList();
        double[] spend = new double[keys.size()];
        double[] outlook = new double[keys.size()];
        double[] value = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            double[] sums = customers.clusters().get(keys.get(i));
            spend[i] = sums[2] / sums[0];
            // 1 − churn risk, mapped onto the growth term's scale ((g + 1) / 3 = outlook)
            outlook[i] = sums[4] > 0 ? 3 * (1 - sums[3] / sums[4]) - 1 : 0;
            value[i] = sums[1];
        }
        double[] scores = scores(spend, outlook, value, customers.scored());
        List<SegmentDemand> segments = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            double[] sums = customers.clusters().get(keys.get(i));
            String[] name = customers.clusterNames().get(keys.get(i));
            Double churn = sums[4] > 0 ? round(sums[3] / sums[4], 1000) : null;
            segments.add(new SegmentDemand(keys.get(i), name[0], name[1], (int) sums[0], round(spend[i], 100), churn, round(value[i], 100), scores[i],
                    DemandReasons.english(name[0], spend[i], churn, value[i], (int) sums[0]),
                    DemandReasons.chinese(name[1].isEmpty() ? name[0] : name[1], spend[i], churn, value[i], (int) sums[0])));
        }
        segments.sort(Comparator.comparingDouble(SegmentDemand::score).reversed().thenComparing(SegmentDemand::cluster));
        return segments;
    }

    // ---- forecast

    private DemandForecast forecast(MarketFilter filter, Map<String, Map<String, Object>> forecasts) {
        String series = filter.category() != null ? "category:" + filter.category() : filter.channel() != null ? "channel:" + filter.channel() : "total";
        Map<String, Object> document = forecasts.get(series + "|orders");
        String asOf = predictions.runs(1).stream().filter(run -> "succeeded".equals(run.status())).findFirst()
                .map(run -> String.valueOf(run.asOf())).orElse(null);
        if (document == null) {
            return new DemandForecast(series, null, null, null, asOf, List.of(), null, null,
                    forecasts.isEmpty() ? "no prediction run yet" : "no forecast for " + series);
        }
        if (document.get("skipped") != null) {
            return new DemandForecast(series, null, null, null, asOf, List.of(), null, null, text(document.get("skipped")));
        }
        List<ForecastPoint> points = new ArrayList<>();
        double[] history = numbers(document.get("history"));
        LocalDate historyStart = LocalDate.parse(text(document.get("historyStart")));
        for (int i = Math.max(0, history.length - HISTORY_SHOWN); i < history.length; i++) {
            points.add(new ForecastPoint(historyStart.plusDays(i).toString(), history[i], null, null, null));
        }
        double[] mean = numbers(document.get("mean"));
        double[] lower = numbers(document.get("lower"));
        double[] upper = numbers(document.get("upper"));
        LocalDate forecastStart = LocalDate.parse(text(document.get("forecastStart")));
        for (int i = 0; i < mean.length; i++) {
            points.add(new ForecastPoint(forecastStart.plusDays(i).toString(), null, mean[i], lower[i], upper[i]));
        }
        Double mase = document.get("backtest") instanceof Map<?, ?> backtest && backtest.get("mase") instanceof Number number ? number.doubleValue() : null;
        return new DemandForecast(series, text(document.get("model")), document.get("coverage") instanceof Number c ? c.doubleValue() : null, mase, asOf,
                points, round(average(mean, 0, 7), 100), round(average(history, history.length - 7, history.length), 100), null);
    }

    /** The next 7 forecast days' mean against the last 7 days of history, relative; null without a forecast. */
    static Double forecastChange(Map<String, Object> document) {
        if (document == null || document.get("skipped") != null) {
            return null;
        }
        double[] history = numbers(document.get("history"));
        double[] mean = numbers(document.get("mean"));
        if (history.length < 7 || mean.length == 0) {
            return null;
        }
        return change(average(mean, 0, 7), average(history, history.length - 7, history.length));
    }

    // ---- products, bundles, weeks

    /**
     * Products first ordered within {@value #NEW_PRODUCT_DAYS} days of {@code to}, with their first day;
     * not those first ordered in the first {@value #SETTLING_DAYS} days of the order history (a short
     * history would make every product look new).
     */
    private Map<String, LocalDate> newProducts(LocalDate to) {
        LocalDate since = to.minusDays(NEW_PRODUCT_DAYS - 1L);
        List<Cell> days = orders.totals(to.minusDays(729), to, Dimension.DAY, OrderDays.Filter.all());
        if (days.isEmpty()) {
            return Map.of();
        }
        LocalDate settled = LocalDate.parse(days.get(0).key()).plusDays(SETTLING_DAYS);
        if (settled.isAfter(since)) {
            since = settled;
        }
        if (since.isAfter(to)) {
            return Map.of();
        }
        Set<String> older = new HashSet<>();
        for (Cell cell : orders.totals(to.minusDays(729), since.minusDays(1), Dimension.SKU, OrderDays.Filter.all())) {
            older.add(cell.key());
        }
        Map<String, LocalDate> first = new LinkedHashMap<>();
        for (DayCell cell : orders.daily(since, to, Dimension.SKU, OrderDays.Filter.all())) {
            if (!older.contains(cell.key()) && !cell.key().isEmpty()) {
                first.putIfAbsent(cell.key(), cell.day());
            }
        }
        return first;
    }

    /** A new product's revenue share per region since its first day. */
    private Map<String, Double> regionShares(String sku, LocalDate first, LocalDate to) {
        List<Cell> cells = orders.totals(first, to, Dimension.REGION, OrderDays.Filter.all().withSkus(Set.of(sku)));
        double total = cells.stream().mapToDouble(Cell::revenue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Cell cell : cells) {
            shares.put(cell.key().isEmpty() ? "?" : cell.key(), total > 0 ? round(cell.revenue() / total, 1000) : 0);
        }
        return shares;
    }

    private static List<Bundle> bundles(Map<String, Object> document, Set<String> newProducts) {
        List<Bundle> bundles = new ArrayList<>();
        if (document.get("bundles") instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof Map<?, ?> bundle && bundle.get("products") instanceof List<?> items) {
                    List<String> products = items.stream().map(String::valueOf).toList();
                    bundles.add(new Bundle(products, ((Number) bundle.get("baskets")).longValue(), ((Number) bundle.get("support")).doubleValue(),
                            ((Number) bundle.get("lift")).doubleValue(), products.stream().filter(newProducts::contains).toList()));
                }
            }
        }
        // what is new first, then by lift (the run's order)
        bundles.sort(Comparator.comparing((Bundle b) -> b.newProducts().isEmpty()));
        return bundles.size() > BUNDLES ? List.copyOf(bundles.subList(0, BUNDLES)) : bundles;
    }

    private List<WeekSeries> weekly(LocalDate firstWeek, LocalDate to, Dimension by, OrderDays.Filter filter) {
        Map<String, long[]> weeks = new LinkedHashMap<>();
        for (DayCell cell : orders.daily(firstWeek, to, by, filter)) {
            int week = (int) (ChronoUnit.DAYS.between(firstWeek, cell.day()) / 7);
            weeks.computeIfAbsent(cell.key().isEmpty() ? "?" : cell.key(), k -> new long[WEEKS])[week] += cell.orders();
        }
        List<WeekSeries> series = new ArrayList<>();
        weeks.forEach((key, values) -> series.add(new WeekSeries(key, java.util.Arrays.stream(values).boxed().toList())));
        series.sort(Comparator.comparingLong((WeekSeries s) -> -s.orders().stream().mapToLong(Long::longValue).sum()).thenComparing(WeekSeries::key));
        return series;
    }

    // ---- helpers

    private static Map<String, Cell> keyed(List<Cell> cells) {
        Map<String, Cell> keyed = new LinkedHashMap<>();
        for (Cell cell : cells) {
            keyed.put(cell.key(), cell);
        }
        return keyed;
    }

    private static List<String> union(Map<String, Cell> now, Map<String, Cell> before) {
        Set<String> keys = new java.util.LinkedHashSet<>(now.keySet());
        keys.addAll(before.keySet());
        return List.copyOf(keys);
    }

    private static Cell sum(java.util.Collection<Cell> cells) {
        return new Cell("", cells.stream().mapToLong(Cell::orders).sum(), cells.stream().mapToDouble(Cell::units).sum(),
                cells.stream().mapToDouble(Cell::revenue).sum());
    }

    private static double revenue(Cell cell) {
        return cell == null ? 0 : cell.revenue();
    }

    static Double change(double now, double before) {
        return before == 0 ? null : round((now - before) / Math.abs(before), 10_000);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static double average(double[] values, int from, int to) {
        int start = Math.max(0, from);
        int end = Math.min(values.length, to);
        double sum = 0;
        for (int i = start; i < end; i++) {
            sum += values[i];
        }
        return end > start ? sum / (end - start) : 0;
    }

    private static double[] numbers(Object list) {
        if (!(list instanceof List<?> values)) {
            return new double[0];
        }
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = values.get(i) instanceof Number number ? number.doubleValue() : 0;
        }
        return numbers;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
