package io.percept.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.percept.console.ChangeFinder.Change;
import io.percept.console.ChangeFinder.Inputs;
import io.percept.console.ChangeFinder.Kind;
import io.percept.console.ChangeFinder.NewSale;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A year of weekly figures with six things happening in it, on a base that wiggles ±10 % week to week:
 * the finder must tell each once, as the right kind, where and when it happened — and nothing else.
 */
class ChangeFinderTests {

    private static final int WEEKS = 52;
    private static final LocalDate LAST = LocalDate.of(2026, 11, 26);
    private static final List<String> REGIONS = List.of("华东", "华南", "华北", "华中", "西南", "东北", "西北");
    private static final List<String> CATEGORIES = List.of("A", "B", "C", "D");

    /** The base: {@code level} a week, ±10 % by a fixed pattern (no randomness), per series a different phase. */
    private static double[] base(double level, int phase) {
        double[] series = new double[WEEKS];
        for (int w = 0; w < WEEKS; w++) {
            series[w] = Math.round(level * (1 + 0.1 * Math.sin(w * 1.7 + phase)));
        }
        return series;
    }

    private static void times(double[] series, int from, int to, double factor) {
        for (int w = from; w <= to; w++) {
            series[w] = Math.round(series[w] * factor);
        }
    }

    private static Inputs year(boolean withStories) {
        Map<String, Map<String, double[]>> categoryOrders = new LinkedHashMap<>();
        int phase = 0;
        for (String region : REGIONS) {
            Map<String, double[]> categories = new LinkedHashMap<>();
            for (String category : CATEGORIES) {
                double[] series = base(40, phase++);
                if (withStories) {
                    if (region.equals("华中")) {
                        times(series, 20, 21, 1.6); // a promotion: everything in one region
                    }
                    if (region.equals("华北") && category.equals("C")) {
                        times(series, 44, 47, 3.5); // a surge: one category in one region
                    }
                    if (category.equals("D")) {
                        times(series, 30, WEEKS - 1, 0.6); // a competitor: one category everywhere, for good
                    }
                    times(series, 49, 49, 1.8); // a national festival
                }
                categories.put(category, series);
            }
            categoryOrders.put(region, categories);
        }
        Map<String, double[]> regionOrders = new LinkedHashMap<>();
        categoryOrders.forEach((region, categories) -> {
            double[] total = new double[WEEKS];
            categories.values().forEach(series -> {
                for (int w = 0; w < WEEKS; w++) {
                    total[w] += series[w];
                }
            });
            regionOrders.put(region, total);
        });
        Map<String, double[]> regionTexts = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> regionComplaints = new LinkedHashMap<>();
        for (String region : REGIONS) {
            regionTexts.put(region, base(100, phase++));
            Map<String, double[]> topics = new LinkedHashMap<>();
            for (String topic : List.of("logistics", "price", "quality")) {
                double[] series = base(5, phase++);
                if (withStories && region.equals("西南") && topic.equals("logistics")) {
                    times(series, 25, 27, 5); // deliveries failing in one region
                }
                topics.put(topic, series);
            }
            regionComplaints.put(region, topics);
        }
        double[] dPrice = base(3, phase++);
        if (withStories) {
            for (int w = 30; w < WEEKS; w++) {
                dPrice[w] = 9; // customers feel they overpaid
            }
        }
        Map<String, double[]> categoryTexts = Map.of("D", base(50, phase++));
        Map<String, Map<String, double[]>> categoryComplaints = Map.of("D", Map.of("price", dPrice, "quality", base(3, phase)));
        Inputs probe = new Inputs(LAST, WEEKS, WEEKS, Map.of(), Map.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of());
        List<NewSale> newSales = withStories ? List.of(new NewSale("X1", "A", probe.weekStart(35).plusDays(2), 200, List.of("华东", "华南"))) : List.of();
        return new Inputs(LAST, WEEKS, WEEKS, regionOrders, categoryOrders, newSales, regionTexts, regionComplaints, categoryTexts, categoryComplaints);
    }

    @Test
    void eachStoryIsToldOnceAsWhatItIs() {
        List<Change> changes = ChangeFinder.find(year(true));

        assertThat(changes).extracting(Change::kind).containsExactly(Kind.NEW_PRODUCT, Kind.SHARE_SHIFT, Kind.NATIONAL_DEMAND, Kind.LOCAL_DEMAND,
                Kind.COMPLAINTS, Kind.REGIONAL_DEMAND);

        Change product = changes.get(0);
        assertThat(product.sku()).isEqualTo("X1");
        assertThat(product.from()).isEqualTo(35);
        assertThat(product.regions()).containsExactly("华东", "华南");
        assertThat(product.observed()).isEqualTo(200);

        Change shift = changes.get(1);
        assertThat(shift.category()).isEqualTo("D");
        assertThat(shift.from()).isEqualTo(30);
        assertThat(shift.expected()).isCloseTo(25, within(0.5)); // share before, %: 40 of 160
        assertThat(shift.observed()).isCloseTo(100 * 24.0 / 144, within(0.5)); // after: 24 of 144
        assertThat(shift.breadth()).isEqualTo(7);
        assertThat(shift.evidence()).isEqualTo("price");
        assertThat(shift.evidenceAfter()).isCloseTo(18, within(0.5)); // 9 of 50 texts
        assertThat(shift.evidenceBefore()).isCloseTo(6, within(0.5));

        Change peak = changes.get(2);
        assertThat(peak.from()).isEqualTo(49);
        assertThat(peak.to()).isEqualTo(49);
        assertThat(peak.regions()).isEmpty();
        assertThat(peak.ratio()).isCloseTo(1.8, within(0.1));

        Change surge = changes.get(3);
        assertThat(surge.regions()).containsExactly("华北");
        assertThat(surge.category()).isEqualTo("C");
        assertThat(surge.from()).isEqualTo(44);
        assertThat(surge.to()).isEqualTo(47);
        assertThat(surge.ratio()).isCloseTo(3.5, within(0.3));
        assertThat(surge.elsewhere()).isCloseTo(1.0, within(0.15));

        Change complaints = changes.get(4);
        assertThat(complaints.topic()).isEqualTo("logistics");
        assertThat(complaints.regions()).containsExactly("西南");
        assertThat(complaints.from()).isEqualTo(25);
        assertThat(complaints.to()).isEqualTo(27);
        assertThat(complaints.ratio()).isCloseTo(5, within(0.6));
        assertThat(complaints.elsewhere()).isCloseTo(1.0, within(0.15));

        Change promotion = changes.get(5);
        assertThat(promotion.regions()).containsExactly("华中");
        assertThat(promotion.from()).isEqualTo(20);
        assertThat(promotion.to()).isEqualTo(21);
        assertThat(promotion.breadth()).isEqualTo(4); // every category rose
        assertThat(promotion.elsewhere()).isCloseTo(1.0, within(0.15));
    }

    @Test
    void aQuietYearTellsNothing() {
        assertThat(ChangeFinder.find(year(false))).isEmpty();
    }

    @Test
    void aComplaintRiseThatOnlyFollowsMoreTextsIsNotTold() {
        Inputs year = year(false);
        // 西南's texts and its logistics complaints both quintuple in weeks 25-27: more customers writing, not worse deliveries
        ChangeFinderTests.times(year.regionTexts().get("西南"), 25, 27, 5);
        ChangeFinderTests.times(year.regionComplaints().get("西南").get("logistics"), 25, 27, 5);
        assertThat(ChangeFinder.find(year)).isEmpty();
    }

    @Test
    void textsBegunLaterAreAlignedOnTheLastWeek() {
        Inputs year = year(true);
        // texts only for the last 40 weeks: text week 0 is order week 12
        Inputs later = new Inputs(LAST, WEEKS, 40, year.regionOrders(), year.categoryOrders(), year.newSales(), cut(year.regionTexts(), 12),
                cutAll(year.regionComplaints(), 12), cut(year.categoryTexts(), 12), cutAll(year.categoryComplaints(), 12));
        List<Change> changes = ChangeFinder.find(later);
        Change complaints = changes.stream().filter(change -> change.kind() == Kind.COMPLAINTS).findFirst().orElseThrow();
        assertThat(complaints.from()).isEqualTo(25);
        assertThat(complaints.to()).isEqualTo(27);
        Change shift = changes.stream().filter(change -> change.kind() == Kind.SHARE_SHIFT).findFirst().orElseThrow();
        assertThat(shift.evidence()).isEqualTo("price");
        assertThat(shift.evidenceBefore()).isCloseTo(6, within(0.5));
    }

    private static Map<String, double[]> cut(Map<String, double[]> series, int from) {
        Map<String, double[]> cut = new LinkedHashMap<>();
        series.forEach((key, values) -> cut.put(key, java.util.Arrays.copyOfRange(values, from, values.length)));
        return cut;
    }

    private static Map<String, Map<String, double[]>> cutAll(Map<String, Map<String, double[]>> series, int from) {
        Map<String, Map<String, double[]>> cut = new LinkedHashMap<>();
        series.forEach((key, inner) -> cut.put(key, cut(inner, from)));
        return cut;
    }

    @Test
    void weeksAreSevenDayBlocksEndingOnTheLastDay() {
        Inputs year = year(false);
        assertThat(year.weekEnd(WEEKS - 1)).isEqualTo(LAST);
        assertThat(year.weekStart(WEEKS - 1)).isEqualTo(LAST.minusDays(6));
        assertThat(year.weekStart(0)).isEqualTo(LAST.minusDays(7L * WEEKS - 1));
        assertThat(year.weekOf(LAST.minusDays(7))).isEqualTo(WEEKS - 2);
    }

    @Test
    void tellingNeedsMoreSurpriseAmongMoreTests() {
        // Bonferroni at 1 %: among 52 tests a chance of 1e-4 is told, among 52,000 it is not
        assertThat(ChangeFinder.telling(4, 52)).isTrue();
        assertThat(ChangeFinder.telling(4, 52_000)).isFalse();
    }
}
