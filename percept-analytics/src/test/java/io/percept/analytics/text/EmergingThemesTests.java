package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.text.EmergingThemes.Options;
import io.percept.analytics.text.EmergingThemes.Result;
import io.percept.analytics.text.EmergingThemes.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Newly frequent keywords are found, grouped by co-occurrence, and steady ones are not. */
class EmergingThemesTests {

    private static final List<String> EVERYDAY = List.of("质量", "价格", "包装", "味道", "颜色", "尺码", "售后", "发货", "退货", "客服",
            "态度", "速度", "电池", "声音", "做工", "说明书", "赠品", "快递", "价钱", "效果", "大小", "外观", "面料", "手感", "系统");

    private static final int WEEK = 200;
    private static final int WEEKS = 8;

    /** Negative texts of 3 to 7 everyday keywords (Zipf-like), 物流 in a fifth of them; some keywords repeat within a text. */
    private static List<List<String>> aWeekOfComplaints(int texts, SplittableRandom random) {
        double[] weights = new double[EVERYDAY.size()];
        double total = 0;
        for (int w = 0; w < weights.length; w++) {
            weights[w] = 1.0 / (w + 1);
            total += weights[w];
        }
        List<List<String>> week = new ArrayList<>();
        for (int t = 0; t < texts; t++) {
            List<String> keywords = new ArrayList<>();
            int size = 3 + random.nextInt(5);
            for (int k = 0; k < size; k++) {
                double u = random.nextDouble() * total;
                int w = 0;
                while (u > weights[w] && w < weights.length - 1) {
                    u -= weights[w++];
                }
                keywords.add(EVERYDAY.get(w));
            }
            if (random.nextDouble() < 0.2) {
                keywords.add(random.nextInt(keywords.size() + 1), "物流");
            }
            week.add(keywords);
        }
        return week;
    }

    private static List<List<String>> baseline(SplittableRandom random) {
        List<List<String>> texts = aWeekOfComplaints(WEEK * WEEKS, random);
        texts.get(123).add("闪烁");
        return texts;
    }

    /** Adds {@code keywords} to the texts from {@code from} on, one text in {@code every}, {@code times} texts in all. */
    private static void plant(List<List<String>> texts, List<String> keywords, int from, int every, int times) {
        for (int t = 0; t < times; t++) {
            texts.get(from + t * every).addAll(keywords);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aPlantedClusterIsFoundAsOneThemeAndSteadyKeywordsAreNot(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> baseline = baseline(random);
        List<List<String>> current = aWeekOfComplaints(WEEK, random);
        plant(current, List.of("屏幕", "闪烁"), 0, 6, 28);
        plant(current, List.of("屏幕"), 170, 1, 2);

        Result result = EmergingThemes.find(current, baseline, WEEKS, Options.defaults());

        assertThat(result.themes()).hasSize(1);
        Theme theme = result.themes().get(0);
        assertThat(theme.keywords()).containsExactly("屏幕", "闪烁");
        assertThat(theme.count()).isEqualTo(30);
        assertThat(theme.baselineCount()).isEqualTo(1);
        assertThat(theme.baselinePerWindow()).isCloseTo(1.0 / WEEKS, within(1e-12));
        assertThat(theme.expected()).isCloseTo(WEEK * 2.0 / (WEEK * WEEKS + 2), within(1e-12));
        assertThat(theme.lift()).isCloseTo(30 / theme.expected(), within(1e-9)).isGreaterThan(50);
        assertThat(theme.score()).isGreaterThan(100);
        assertThat(theme.examples()).as("texts with both keywords, earliest first").containsExactly(0, 6, 12);
        assertThat(result.currentTexts()).isEqualTo(WEEK);
        assertThat(result.baselineTexts()).isEqualTo(WEEK * WEEKS);
    }

    @Test
    void independentNewClustersBecomeSeparateThemesRankedByScore() {
        SplittableRandom random = new SplittableRandom(7);
        List<List<String>> baseline = baseline(random);
        List<List<String>> current = aWeekOfComplaints(WEEK, random);
        plant(current, List.of("电池", "鼓包"), 1, 10, 12);
        plant(current, List.of("屏幕", "闪烁"), 0, 6, 30);

        List<Theme> themes = EmergingThemes.find(current, baseline, WEEKS, Options.defaults()).themes();

        assertThat(themes).extracting(Theme::keywords).containsExactly(List.of("屏幕", "闪烁"), List.of("鼓包"));
        assertThat(themes.get(0).score()).isGreaterThan(themes.get(1).score());
        assertThat(themes.get(1).count()).isEqualTo(12);
    }

    @Test
    void aKeywordRisingModestlyOrSeenInTooFewTextsIsNotEmerging() {
        SplittableRandom random = new SplittableRandom(11);
        List<List<String>> baseline = baseline(random);
        List<List<String>> current = aWeekOfComplaints(WEEK, random);
        plant(current, List.of("物流"), 1, 5, 12);
        plant(current, List.of("漏液"), 2, 50, 4);

        assertThat(EmergingThemes.find(current, baseline, WEEKS, Options.defaults()).themes()).isEmpty();
        assertThat(EmergingThemes.find(current, baseline, WEEKS, new Options(4, 3, 10.83, 1, 0.3, 3)).themes())
                .extracting(Theme::keywords).containsExactly(List.of("漏液"));
    }

    @Test
    void sameInputSameResultWhateverTheOrderOfKeywordsInATextOrTheirRepeats() {
        SplittableRandom random = new SplittableRandom(5);
        List<List<String>> baseline = baseline(random);
        List<List<String>> current = aWeekOfComplaints(WEEK, random);
        plant(current, List.of("屏幕", "闪烁", "屏幕"), 3, 5, 25);
        Result first = EmergingThemes.find(current, baseline, WEEKS, Options.defaults());

        List<List<String>> reordered = new ArrayList<>();
        for (List<String> text : current) {
            List<String> reversed = new ArrayList<>(text);
            java.util.Collections.reverse(reversed);
            reordered.add(reversed);
        }

        assertThat(EmergingThemes.find(current, baseline, WEEKS, Options.defaults())).isEqualTo(first);
        assertThat(EmergingThemes.find(reordered, baseline, WEEKS, Options.defaults())).isEqualTo(first);
        assertThat(first.themes()).extracting(Theme::count).containsExactly(25);
    }

    @Test
    void withoutABaselineOrCurrentTextsNothingEmerges() {
        List<List<String>> current = aWeekOfComplaints(WEEK, new SplittableRandom(3));
        plant(current, List.of("屏幕", "闪烁"), 0, 6, 30);

        assertThat(EmergingThemes.find(current, List.of(), 1, Options.defaults()).themes()).isEmpty();
        assertThat(EmergingThemes.find(List.of(), current, 1, Options.defaults()).themes()).isEmpty();
    }

    @Test
    void logLikelihoodRatioMatchesTheDefinitionAndIsSigned() {
        // O = [[30, 170], [2, 1598]], E = row total · column total / 1800; G² = 2 Σ O ln(O / E)
        double[][] observed = {{30, 170}, {2, 1598}};
        double[] rows = {200, 1600};
        double[] columns = {32, 1768};
        double g2 = 0;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                g2 += 2 * observed[r][c] * Math.log(observed[r][c] / (rows[r] * columns[c] / 1800));
            }
        }

        assertThat(EmergingThemes.logLikelihoodRatio(30, 200, 2, 1600)).isCloseTo(g2, within(1e-9));
        assertThat(EmergingThemes.logLikelihoodRatio(2, 1600, 30, 200)).isCloseTo(-g2, within(1e-9));
        assertThat(EmergingThemes.logLikelihoodRatio(20, 100, 160, 800)).isCloseTo(0, within(1e-9));
        assertThat(EmergingThemes.logLikelihoodRatio(5, 10, 0, 0)).isZero();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new Options(0, 3, 10, 1, 0.3, 3)).hasMessageContaining("minSupport");
        assertThatThrownBy(() -> new Options(5, 0.5, 10, 1, 0.3, 3)).hasMessageContaining("minLift");
        assertThatThrownBy(() -> new Options(5, 3, Double.NaN, 1, 0.3, 3)).hasMessageContaining("minScore");
        assertThatThrownBy(() -> new Options(5, 3, 10, 0, 0.3, 3)).hasMessageContaining("smoothing");
        assertThatThrownBy(() -> new Options(5, 3, 10, 1, 0, 3)).hasMessageContaining("minJaccard");
        assertThatThrownBy(() -> new Options(5, 3, 10, 1, 0.3, -1)).hasMessageContaining("examples");
        assertThatThrownBy(() -> EmergingThemes.find(List.of(), List.of(), 0, Options.defaults())).hasMessageContaining("baselineWindows");
        assertThatThrownBy(() -> EmergingThemes.logLikelihoodRatio(3, 2, 0, 1)).hasMessageContaining("within");
    }
}
