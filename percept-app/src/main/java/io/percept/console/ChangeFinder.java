package io.percept.console;

import io.percept.analytics.stats.Bursts;
import io.percept.analytics.stats.Bursts.Burst;
import io.percept.analytics.stats.LevelShifts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds what changed in a year of weekly figures and says which kind of change each is — the
 * stories an executive should hear about without knowing where to look: a national buying peak, a
 * region buying more of everything (a promotion), one category surging in a few regions, a new
 * product and where it sells, a category losing its share of orders for good (a competitor, a
 * price), a complaint topic rising in some regions (a logistics failure). Found from the data with
 * {@link Bursts} and {@link LevelShifts}; nothing here knows the demo's stories.
 *
 * <p>Each change is tested against the level above it so that one cause is told once: a region's
 * burst inside a national one is dropped unless it is much stronger; a region's burst mostly made
 * of one category is told as that category's; a complaint topic's rise must outgrow the region's
 * texts (more orders bring more complaints of every kind). Weeks are 7-day blocks, week 0 the oldest.
 *
 * <p>Many series are searched (regions × categories × weeks), so a change is told only when it is
 * surprising among all of them: its surprise ({@code -log10} of the chance of so many or more when the
 * rate did not change, by {@link Bursts#surprise(double, double, double)}, which counts the baseline's own
 * uncertainty) must exceed {@code log10(tests / α)} with α = {@link #ALPHA} (Bonferroni), the
 * tests being the series of its kind times the weeks.
 */
final class ChangeFinder {

    /** The chance, over all series and weeks of a kind, that a change told is noise. */
    static final double ALPHA = 0.01;
    /** The surprise a new product gets: it is always told. */
    static final double NEW = 99;
    /** National orders: 1.3× for a week opens a burst (a national peak lifts every region a little). */
    static final Bursts.Options NATIONAL = Bursts.Options.defaults().withRatio(1.3, 1.15).withMinCount(10);
    /** A region's orders. */
    static final Bursts.Options REGIONAL = Bursts.Options.defaults().withRatio(1.3, 1.15).withMinCount(10);
    /** A region's category: twice the usual. */
    static final Bursts.Options LOCAL = Bursts.Options.defaults().withRatio(2.0, 1.5);
    /** A complaint topic in a region: twice the usual. */
    static final Bursts.Options COMPLAINTS = Bursts.Options.defaults().withRatio(2.0, 1.5);
    /** A region's burst inside a national one is told only when this much stronger. */
    static final double STRONGER = 1.3;
    /** A region's burst is one category's when that category made this share of its extra orders. */
    static final double ONE_CATEGORY = 0.6;
    /** A complaint topic's rise must be this many times the rise of the region's texts. */
    static final double OUTGROWS = 1.5;
    /** A new product: first sold after this many weeks of history, with at least this many orders. */
    static final int NEW_AFTER_WEEKS = 4;
    static final int NEW_MIN_ORDERS = 20;
    /** Weeks compared before and after a new product's first sale. */
    static final int AROUND = 8;
    /** Evidence for a share shift: a topic's negative share of the category's texts rising with z ≥ this. */
    static final double EVIDENCE_Z = 3;

    /** What changes are about. */
    enum Kind {
        /** Orders rose in every region together. */
        NATIONAL_DEMAND,
        /** A region bought more of most categories. */
        REGIONAL_DEMAND,
        /** One category rose in a few regions only. */
        LOCAL_DEMAND,
        /** A product sold for the first time. */
        NEW_PRODUCT,
        /** A category's share of orders moved and stayed. */
        SHARE_SHIFT,
        /** Complaints about a topic rose. */
        COMPLAINTS
    }

    /**
     * What the finder reads.
     *
     * @param last                the last day of the last week
     * @param weeks               how many weeks every order series has
     * @param textWeeks           how many weeks every text series has (at most {@code weeks}; the last ones: texts may have begun later)
     * @param regionOrders        orders per region and week
     * @param categoryOrders      orders per region, category and week (an order once per category it holds)
     * @param newSales            products first sold within the weeks
     * @param regionTexts         texts per region and week
     * @param regionComplaints    negative topic mentions per region, topic and week
     * @param categoryTexts       texts about a category's products per week
     * @param categoryComplaints  negative topic mentions about a category's products per topic and week
     */
    record Inputs(LocalDate last, int weeks, int textWeeks, Map<String, double[]> regionOrders, Map<String, Map<String, double[]>> categoryOrders,
                  List<NewSale> newSales, Map<String, double[]> regionTexts, Map<String, Map<String, double[]>> regionComplaints,
                  Map<String, double[]> categoryTexts, Map<String, Map<String, double[]>> categoryComplaints) {

        Inputs {
            if (textWeeks > weeks) {
                throw new IllegalArgumentException("texts cannot have more weeks (" + textWeeks + ") than orders (" + weeks + ")");
            }
        }

        /** The order week of text week 0. */
        int textOffset() {
            return weeks - textWeeks;
        }

        LocalDate weekStart(int week) {
            return last.minusDays(7L * (weeks - 1 - week) + 6);
        }

        LocalDate weekEnd(int week) {
            return last.minusDays(7L * (weeks - 1 - week));
        }

        int weekOf(LocalDate day) {
            return weeks - 1 - (int) ((last.toEpochDay() - day.toEpochDay()) / 7);
        }
    }

    /** A product first sold on {@code firstDay}, its orders since and the regions it sold in. */
    record NewSale(String sku, String category, LocalDate firstDay, long orders, List<String> regions) {
    }

    /**
     * One change.
     *
     * @param from       its first week
     * @param to         its last week (the last week for a shift that lasts)
     * @param regions    where (empty: everywhere)
     * @param category   the category, or null
     * @param sku        the product, or null
     * @param topic      the complaint topic, or null
     * @param observed   orders (mentions) in the change's weeks; for a shift the share after, in %
     * @param expected   what the weeks before let expect; for a shift the share before, in %
     * @param ratio      observed / expected
     * @param elsewhere  the same figure's ratio outside {@code regions} over the same weeks, or null
     * @param surprise   {@code -log10} of the chance of so large a change without a cause (see the class), at most {@link #NEW}
     * @param breadth    how many of the region's categories rose 1.2× or more (regional demand), in how
     *                   many regions the category's share moved the same way (shift); else 0
     * @param evidence   for a shift, the complaint topic that rose most in the category's texts, or null
     * @param evidenceBefore its negative share of the category's texts before, in %
     * @param evidenceAfter  and after
     */
    record Change(Kind kind, int from, int to, List<String> regions, String category, String sku, String topic, double observed, double expected,
                  double ratio, Double elsewhere, double surprise, int breadth, String evidence, Double evidenceBefore, Double evidenceAfter) {
    }

    private ChangeFinder() {
    }

    /** The changes, newest first. */
    static List<Change> find(Inputs in) {
        List<Change> changes = new ArrayList<>();
        double[] national = sum(in.regionOrders().values(), in.weeks());
        List<Burst> peaks = Bursts.find(national, NATIONAL).stream().filter(peak -> telling(surprise(peak), in.weeks())).toList();
        for (Burst peak : peaks) {
            changes.add(burst(Kind.NATIONAL_DEMAND, peak, List.of(), null, null, null, 0));
        }
        List<Told> told = new ArrayList<>();
        for (Map.Entry<String, double[]> region : new TreeMap<>(in.regionOrders()).entrySet()) {
            for (Burst burst : Bursts.find(region.getValue(), REGIONAL)) {
                if (!telling(surprise(burst), in.regionOrders().size() * in.weeks())) {
                    continue;
                }
                Optional<Burst> peak = peaks.stream().filter(p -> p.near(burst, 0)).findFirst();
                if (peak.isPresent() && burst.ratio() < STRONGER * peak.get().ratio()) {
                    continue;
                }
                changes.add(regional(in, region.getKey(), burst, told));
            }
        }
        changes.addAll(local(in, told));
        changes.addAll(newProducts(in));
        changes.addAll(shifts(in));
        changes.addAll(complaints(in));
        changes.sort(Comparator.comparingInt(Change::to).reversed().thenComparing(Comparator.comparingInt(Change::from).reversed())
                .thenComparing(Comparator.comparingDouble(Change::surprise).reversed()));
        return changes;
    }

    /** A region's (category's) burst already told: a category's burst in it is told again only when {@link #STRONGER}. */
    private record Told(String region, String category, Burst burst) {

        boolean covers(String region, String category, Burst other) {
            return this.region.equals(region) && (this.category == null || this.category.equals(category)) && burst.near(other, 1)
                    && other.ratio() < STRONGER * burst.ratio();
        }
    }

    /** A region's burst: one category's when that category made most of the extra orders, else the region's. */
    private static Change regional(Inputs in, String region, Burst burst, List<Told> told) {
        Map<String, double[]> categories = in.categoryOrders().getOrDefault(region, Map.of());
        String top = null;
        double topExcess = 0;
        double excess = 0;
        int rose = 0;
        for (Map.Entry<String, double[]> category : categories.entrySet()) {
            double ratio = Bursts.ratio(category.getValue(), burst.from(), burst.to(), REGIONAL.baseline());
            double extra = sum(category.getValue(), burst.from(), burst.to()) * (Double.isNaN(ratio) || ratio == 0 ? 0 : 1 - 1 / ratio);
            excess += Math.max(extra, 0);
            rose += ratio >= 1.2 ? 1 : 0;
            if (extra > topExcess) {
                topExcess = extra;
                top = category.getKey();
            }
        }
        if (top != null && topExcess >= ONE_CATEGORY * excess) {
            double[] series = categories.get(top);
            double ratio = Bursts.ratio(series, burst.from(), burst.to(), REGIONAL.baseline());
            double[] window = Bursts.window(series, burst.from(), burst.to(), REGIONAL.baseline());
            double observed = window[0];
            told.add(new Told(region, top, new Burst(burst.from(), burst.to(), observed, observed / ratio, window[1], (int) window[2], ratio)));
            return new Change(Kind.LOCAL_DEMAND, burst.from(), burst.to(), List.of(region), top, null, null, observed, observed / ratio, ratio,
                    elsewhere(in, Set.of(region), top, burst.from(), burst.to()), surprise(burst), 0, null, null, null);
        }
        told.add(new Told(region, null, burst));
        return burst(Kind.REGIONAL_DEMAND, burst, List.of(region), null, null,
                ratioOf(sum(otherRegions(in.regionOrders(), Set.of(region)), in.weeks()), burst), rose);
    }

    /** Categories rising in a few regions only, the regions rising together told as one change. */
    private static List<Change> local(Inputs in, List<Told> told) {
        Map<String, List<Found>> byCategory = new TreeMap<>();
        int tests = in.categoryOrders().values().stream().mapToInt(Map::size).sum() * in.weeks();
        for (Map.Entry<String, Map<String, double[]>> region : new TreeMap<>(in.categoryOrders()).entrySet()) {
            for (Map.Entry<String, double[]> category : region.getValue().entrySet()) {
                for (Burst burst : Bursts.find(category.getValue(), LOCAL)) {
                    if (told.stream().anyMatch(t -> t.covers(region.getKey(), category.getKey(), burst))) {
                        continue;
                    }
                    // against what the other regions' movement lets expect (a national peak's ramp lifts small cells too);
                    // each region on its own: a group of regions picked for rising would prove a rise by the picking
                    Double elsewhere = elsewhere(in, Set.of(region.getKey()), category.getKey(), burst.from(), burst.to());
                    double scale = Math.max(elsewhere == null ? 1 : elsewhere, 1);
                    double surprise = Bursts.surprise(burst.observed(), burst.baseline(), (double) burst.length() / burst.periods() * scale);
                    if (burst.ratio() / scale >= LOCAL.ratio() && telling(surprise, tests)) {
                        byCategory.computeIfAbsent(category.getKey(), c -> new ArrayList<>()).add(new Found(region.getKey(), burst, surprise));
                    }
                }
            }
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, List<Found>> category : byCategory.entrySet()) {
            for (Group group : groups(category.getValue())) {
                boolean everywhere = group.regions().containsAll(in.categoryOrders().keySet());
                changes.add(new Change(Kind.LOCAL_DEMAND, group.from(), group.to(), everywhere ? List.of() : group.regions().stream().sorted().toList(),
                        category.getKey(), null, null, group.observed(), group.expected(), group.observed() / group.expected(),
                        everywhere ? null : elsewhere(in, group.regions(), category.getKey(), group.from(), group.to()), group.surprise(), 0, null, null,
                        null));
            }
        }
        return changes;
    }

    /** A burst in one region's series, already found telling on its own, and its surprise. */
    private record Found(String region, Burst burst, double surprise) {
    }

    /**
     * Bursts of one series in several regions at about the same time (starting or ending within a week of
     * the first), told as one: their weeks, regions and sums, and the largest of their surprises.
     */
    private record Group(int from, int to, Set<String> regions, double observed, double expected, double surprise) {
    }

    private static List<Group> groups(List<Found> found) {
        List<Group> groups = new ArrayList<>();
        List<Found> left = new ArrayList<>(found);
        while (!left.isEmpty()) {
            Found first = left.remove(0);
            List<Found> together = new ArrayList<>(List.of(first));
            left.removeIf(other -> other.burst().near(first.burst(), 1) && together.add(other));
            Set<String> regions = new HashSet<>();
            double observed = 0;
            double expected = 0;
            double surprise = 0;
            for (Found one : together) {
                regions.add(one.region());
                observed += one.burst().observed();
                expected += one.burst().expected();
                surprise = Math.max(surprise, one.surprise());
            }
            groups.add(new Group(together.stream().mapToInt(f -> f.burst().from()).min().orElseThrow(),
                    together.stream().mapToInt(f -> f.burst().to()).max().orElseThrow(), regions, observed, expected, Math.min(NEW, surprise)));
        }
        return groups;
    }

    /** Products first sold after the history's first weeks: where, and how their category moved there and elsewhere. */
    private static List<Change> newProducts(Inputs in) {
        List<Change> changes = new ArrayList<>();
        for (NewSale sale : in.newSales()) {
            int week = in.weekOf(sale.firstDay());
            if (week < NEW_AFTER_WEEKS || sale.orders() < NEW_MIN_ORDERS) {
                continue;
            }
            Set<String> regions = Set.copyOf(sale.regions());
            boolean everywhere = regions.containsAll(in.regionOrders().keySet());
            int to = Math.min(in.weeks() - 1, week + AROUND - 1);
            double[] there = categoryIn(in, sale.category(), region -> regions.contains(region));
            double[] elsewhere = categoryIn(in, sale.category(), region -> !regions.contains(region));
            double before = sum(there, Math.max(0, week - AROUND), week - 1);
            double after = sum(there, week, to);
            double scale = (double) Math.min(AROUND, week) / (to - week + 1);
            double ratio = before == 0 ? Double.NaN : after * scale / before;
            double otherBefore = sum(elsewhere, Math.max(0, week - AROUND), week - 1);
            Double other = everywhere || otherBefore == 0 ? null : sum(elsewhere, week, to) * scale / otherBefore;
            changes.add(new Change(Kind.NEW_PRODUCT, week, in.weeks() - 1, everywhere ? List.of() : sale.regions(), sale.category(), sale.sku(), null,
                    sale.orders(), 0, ratio, other, NEW, regions.size(), null, null, null));
        }
        return changes;
    }

    /** Categories whose share of all orders moved and stayed, with the complaint topic that rose with it. */
    private static List<Change> shifts(Inputs in) {
        Map<String, double[]> byCategory = new TreeMap<>();
        for (Map<String, double[]> region : in.categoryOrders().values()) {
            region.forEach((category, series) -> add(byCategory.computeIfAbsent(category, c -> new double[in.weeks()]), series));
        }
        double[] all = sum(byCategory.values(), in.weeks());
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, double[]> category : byCategory.entrySet()) {
            if (category.getKey().isEmpty()) {
                continue;
            }
            Optional<LevelShifts.Shift> shift = LevelShifts.find(share(category.getValue(), all), LevelShifts.Options.defaults());
            if (shift.isEmpty() || !telling(shift.get().surprise(), byCategory.size() * in.weeks())) {
                continue;
            }
            LevelShifts.Shift found = shift.get();
            int agreeing = 0;
            for (Map<String, double[]> region : in.categoryOrders().values()) {
                double[] series = region.get(category.getKey());
                double[] regionAll = sum(region.values(), in.weeks());
                if (series != null) {
                    double[] share = share(series, regionAll);
                    double change = mean(share, found.at(), in.weeks()) - mean(share, 0, found.at());
                    agreeing += Math.signum(change) == Math.signum(found.change()) ? 1 : 0;
                }
            }
            String evidence = null;
            Double evidenceBefore = null;
            Double evidenceAfter = null;
            double[] texts = in.categoryTexts().get(category.getKey());
            double bestZ = EVIDENCE_Z;
            int at = found.at() - in.textOffset(); // the shift's week among the texts'
            if (texts != null && at > 0) {
                double textsBefore = sum(texts, 0, at - 1);
                double textsAfter = sum(texts, at, in.textWeeks() - 1);
                for (Map.Entry<String, double[]> topic : in.categoryComplaints().getOrDefault(category.getKey(), Map.of()).entrySet()) {
                    double before = sum(topic.getValue(), 0, at - 1);
                    double after = sum(topic.getValue(), at, in.textWeeks() - 1);
                    double z = twoProportionZ(after, textsAfter, before, textsBefore);
                    if (z > bestZ) {
                        bestZ = z;
                        evidence = topic.getKey();
                        evidenceBefore = 100 * before / textsBefore;
                        evidenceAfter = 100 * after / textsAfter;
                    }
                }
            }
            changes.add(new Change(Kind.SHARE_SHIFT, found.at(), in.weeks() - 1, List.of(), category.getKey(), null, null, 100 * found.after(),
                    100 * found.before(), found.after() / found.before(), null, Math.min(NEW, found.surprise()), agreeing, evidence, evidenceBefore, evidenceAfter));
        }
        return changes;
    }

    /** Complaint topics rising faster than the region's texts, regions rising together told as one change. */
    private static List<Change> complaints(Inputs in) {
        Map<String, List<Found>> byTopic = new TreeMap<>();
        int tests = in.regionComplaints().values().stream().mapToInt(Map::size).sum() * in.textWeeks();
        for (Map.Entry<String, Map<String, double[]>> region : new TreeMap<>(in.regionComplaints()).entrySet()) {
            double[] texts = in.regionTexts().get(region.getKey());
            for (Map.Entry<String, double[]> topic : region.getValue().entrySet()) {
                for (Burst burst : Bursts.find(topic.getValue(), COMPLAINTS)) {
                    double volume = texts == null ? Double.NaN : Bursts.ratio(texts, burst.from(), burst.to(), COMPLAINTS.baseline());
                    double surprise = burst.surprise();
                    if ((Double.isNaN(volume) || burst.ratio() >= OUTGROWS * volume) && telling(surprise, tests)) {
                        byTopic.computeIfAbsent(topic.getKey(), t -> new ArrayList<>()).add(new Found(region.getKey(), burst, surprise));
                    }
                }
            }
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, List<Found>> topic : byTopic.entrySet()) {
            for (Group group : groups(topic.getValue())) {
                double[] elsewhere = new double[in.textWeeks()];
                in.regionComplaints().forEach((region, topics) -> {
                    if (!group.regions().contains(region) && topics.containsKey(topic.getKey())) {
                        add(elsewhere, topics.get(topic.getKey()));
                    }
                });
                double other = Bursts.ratio(elsewhere, group.from(), group.to(), COMPLAINTS.baseline());
                boolean everywhere = group.regions().containsAll(in.regionComplaints().keySet());
                changes.add(new Change(Kind.COMPLAINTS, group.from() + in.textOffset(), group.to() + in.textOffset(), everywhere ? List.of() : group.regions().stream().sorted().toList(), null,
                        null, topic.getKey(), group.observed(), group.expected(), group.observed() / group.expected(),
                        everywhere || Double.isNaN(other) ? null : other, group.surprise(), 0, null, null, null));
            }
        }
        return changes;
    }

    private static Change burst(Kind kind, Burst burst, List<String> regions, String category, String topic, Double elsewhere, int breadth) {
        return new Change(kind, burst.from(), burst.to(), regions, category, null, topic, burst.observed(), burst.expected(), burst.ratio(),
                elsewhere == null || elsewhere.isNaN() ? null : elsewhere, surprise(burst), breadth, null, null, null);
    }

    private static double surprise(Burst burst) {
        return Math.min(NEW, burst.surprise());
    }

    /** Whether a change this surprising is worth telling among {@code tests} (Bonferroni at {@link #ALPHA}). */
    static boolean telling(double surprise, int tests) {
        return surprise >= Math.log10(Math.max(tests, 1) / ALPHA);
    }

    /** The category's ratio outside {@code regions} over the weeks, against the weeks before. */
    private static Double elsewhere(Inputs in, Set<String> regions, String category, int from, int to) {
        double[] series = categoryIn(in, category, region -> !regions.contains(region));
        double ratio = Bursts.ratio(series, from, to, LOCAL.baseline());
        return Double.isNaN(ratio) ? null : ratio;
    }

    private static double ratioOf(double[] series, Burst burst) {
        return Bursts.ratio(series, burst.from(), burst.to(), REGIONAL.baseline());
    }

    private static double[] categoryIn(Inputs in, String category, java.util.function.Predicate<String> region) {
        double[] series = new double[in.weeks()];
        in.categoryOrders().forEach((name, categories) -> {
            if (region.test(name) && categories.containsKey(category)) {
                add(series, categories.get(category));
            }
        });
        return series;
    }

    private static List<double[]> otherRegions(Map<String, double[]> byRegion, Set<String> regions) {
        return byRegion.entrySet().stream().filter(e -> !regions.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /** {@code (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))} with the pooled p: how surely the first share is higher. */
    static double twoProportionZ(double k1, double n1, double k2, double n2) {
        if (n1 == 0 || n2 == 0) {
            return 0;
        }
        double pooled = (k1 + k2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        return se == 0 ? 0 : (k1 / n1 - k2 / n2) / se;
    }

    private static double[] share(double[] part, double[] whole) {
        double[] share = new double[part.length];
        for (int i = 0; i < part.length; i++) {
            share[i] = whole[i] == 0 ? 0 : part[i] / whole[i];
        }
        return share;
    }

    private static double[] sum(java.util.Collection<double[]> series, int weeks) {
        double[] total = new double[weeks];
        for (double[] one : series) {
            add(total, one);
        }
        return total;
    }

    private static void add(double[] total, double[] series) {
        for (int i = 0; i < total.length; i++) {
            total[i] += series[i];
        }
    }

    private static double sum(double[] series, int from, int to) {
        double sum = 0;
        for (int i = Math.max(0, from); i <= Math.min(to, series.length - 1); i++) {
            sum += series[i];
        }
        return sum;
    }

    private static double mean(double[] series, int from, int to) {
        return to > from ? sum(series, from, to - 1) / (to - from) : 0;
    }
}
