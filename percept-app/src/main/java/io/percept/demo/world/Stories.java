package io.percept.demo.world;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * What happens to the company during the history, for the console to find: a product launch in
 * some regions with the others as control group, a regional promotion, a logistics failure in
 * one region, a competitor's price cut in one category and a demand surge in one region. Each
 * story changes how much customers buy (per category, region and day), what is on sale where, and
 * what goes wrong; their dates are fractions of the history so that any length shows them.
 *
 * @param launch    the product launch
 * @param promotion the regional promotion
 * @param logistics the logistics failure
 * @param priceCut  the competitor's price cut
 * @param surge     the regional demand surge
 */
public record Stories(Launch launch, Promotion promotion, LogisticsFailure logistics, PriceCut priceCut, Surge surge) {

    /** The largest factor {@link #demand} can give, for thinning. */
    public static final double MAX_DEMAND = 4;

    /**
     * A new product goes on sale on {@code day} in {@code regions} only; the other regions are the
     * control group. Launch marketing lifts the category's demand in the launch regions by
     * {@code lift} for {@code weeks} weeks, and the new product's usability problems (app
     * pairing, disconnects) are {@code usabilityFailures} of its purchases — the pain point.
     */
    public record Launch(String sku, Set<Region> regions, int day, double lift, int weeks, double usabilityFailures) {

        public Launch {
            regions = Set.copyOf(regions);
        }

        public Catalogue.Product product() {
            return Catalogue.products().stream().filter(product -> product.sku().equals(sku)).findFirst().orElseThrow();
        }

        boolean lifts(Region region, Catalogue.Category category, int at) {
            return regions.contains(region) && category.equals(product().category()) && at >= day && at < day + 7 * weeks;
        }
    }

    /** {@code discount} off everything in {@code region} for {@code length} days from {@code from}; the price-sensitive respond most. */
    public record Promotion(Region region, int from, int length, double discount) {

        public boolean covers(Region where, int day) {
            return where == region && day >= from && day < from + length;
        }
    }

    /** Deliveries to {@code region} go wrong with probability {@code rate} from day {@code from} for {@code length} days. */
    public record LogisticsFailure(Region region, int from, int length, double rate) {

        public boolean covers(Region where, int day) {
            return where == region && day >= from && day < from + length;
        }
    }

    /**
     * A competitor cuts its prices in {@code category} from day {@code from} on: price-sensitive
     * customers buy less of ours there, and more of those who do feel they overpaid.
     */
    public record PriceCut(Catalogue.Category category, String competitor, int from) {

        public boolean covers(Catalogue.Category what, int day) {
            return what.equals(category) && day >= from;
        }
    }

    /** Demand for {@code category} in {@code region} rises by {@code factor} for {@code length} days from {@code from}. */
    public record Surge(Region region, Catalogue.Category category, int from, int length, double factor) {

        public boolean covers(Region where, Catalogue.Category what, int day) {
            return where == region && what.equals(category) && day >= from && day < from + length;
        }
    }

    /**
     * The default stories of a history of {@code days} days from {@code start}: the 扫拖一体机器人 X1
     * launches on its catalogue date when that falls inside the history (else at 70 %) in 华东, 华南
     * and 西南; a 20 % promotion in 华中 for two weeks from 40 %; the logistics failure in 西南 for
     * three weeks from 55 %; a competitor cuts audio prices from 62 %; air-purifier demand in 华北
     * quadruples for four weeks from 85 % (a haze season).
     */
    public static Stories defaults(LocalDate start, int days) {
        Catalogue.Product x1 = Catalogue.products().stream().filter(product -> product.sku().equals("QH-RV-02")).findFirst().orElseThrow();
        long launchDay = ChronoUnit.DAYS.between(start, x1.launched());
        int launch = launchDay >= days * 0.1 && launchDay <= days * 0.9 ? (int) launchDay : (int) (days * 0.7);
        return new Stories(
                new Launch(x1.sku(), Set.of(Region.EAST, Region.SOUTH, Region.SOUTHWEST), launch, 1.8, 8, 0.2),
                new Promotion(Region.CENTRAL, (int) (days * 0.4), Math.min(14, days), 0.2),
                new LogisticsFailure(Region.SOUTHWEST, (int) (days * 0.55), Math.min(21, days), 0.45),
                new PriceCut(Catalogue.AUDIO, "声浪", (int) (days * 0.62)),
                new Surge(Region.NORTH, Catalogue.AIR_PURIFIERS, (int) (days * 0.85), Math.min(28, days), MAX_DEMAND));
    }

    /** No story: the launch product is never sold and nothing else changes (for testing the plain model). */
    public static Stories none() {
        return new Stories(new Launch("QH-RV-02", Set.of(), Integer.MAX_VALUE / 2, 1, 0, 0), new Promotion(Region.CENTRAL, 0, 0, 0),
                new LogisticsFailure(Region.SOUTHWEST, 0, 0, 0), new PriceCut(Catalogue.AUDIO, "", Integer.MAX_VALUE),
                new Surge(Region.NORTH, Catalogue.AIR_PURIFIERS, 0, 0, 1));
    }

    /**
     * How much more (or less) a customer in {@code region} with the given price sensitivity wants
     * {@code category} on {@code day} than usual: at most {@link #MAX_DEMAND}.
     */
    public double demand(Region region, Catalogue.Category category, int day, double priceSensitivity) {
        double factor = 1;
        if (launch.lifts(region, category, day)) {
            factor *= launch.lift();
        }
        if (promotion.covers(region, day)) {
            factor *= 1 + 1.5 * priceSensitivity;
        }
        if (priceCut.covers(category, day)) {
            factor *= 1 - 0.7 * priceSensitivity;
        }
        if (surge.covers(region, category, day)) {
            factor *= surge.factor();
        }
        return Math.min(MAX_DEMAND, factor);
    }

    /**
     * The products of {@code category} on sale in {@code region} on {@code date} (day {@code day} of
     * the history): the catalogue's, except that the launch product is sold only in the launch
     * regions from the launch day, whatever its catalogue date.
     */
    public List<Catalogue.Product> onSale(Catalogue.Category category, Region region, LocalDate date, int day) {
        boolean launched = launch.regions().contains(region) && day >= launch.day();
        return Catalogue.products().stream()
                .filter(product -> product.category().equals(category))
                .filter(product -> product.sku().equals(launch.sku()) ? launched : product.onSale(date))
                .toList();
    }

    /** The promotion's discount in {@code region} on {@code day}, or 0. */
    public double discount(Region region, int day) {
        return promotion.covers(region, day) ? promotion.discount() : 0;
    }
}
