package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** Reference values from SciPy 1.17 (scipy.stats, scipy.special). */
class SignificanceTests {

    private static final Percentage CLOSE = Percentage.withPercentage(1e-8);

    @Test
    void studentTTailsMatchScipy() {
        assertThat(Significance.studentTTwoSided(2.228, 10)).isCloseTo(0.05001177181711132, CLOSE);
        assertThat(Significance.studentTTwoSided(-0.5, 3)).isCloseTo(0.651447964848151, CLOSE);
        assertThat(Significance.studentTTwoSided(10, 5)).isCloseTo(0.00017094757574296363, CLOSE);
        assertThat(Significance.studentTTwoSided(40, 100)).isCloseTo(2.462107602140071e-63, CLOSE);
        // ln B(a, 1/2) for a = 5e5 loses digits to cancellation: 1e-9 relative
        assertThat(Significance.studentTTwoSided(3.0, 1e6)).isCloseTo(0.0026998625414218, Percentage.withPercentage(1e-6));
        assertThat(Significance.studentTTwoSided(50, 30)).isCloseTo(1.871541765922271e-30, CLOSE);
        assertThat(Significance.studentTTwoSided(1.0, 2.5)).isCloseTo(0.40406102727827364, CLOSE);
        assertThat(Significance.studentTTwoSided(0, 7)).isEqualTo(1.0);
        assertThat(Significance.studentTTwoSided(Double.POSITIVE_INFINITY, 7)).isZero();
    }

    @Test
    void normalTailsMatchScipyIntoTheDeepTail() {
        assertThat(Significance.normalTwoSided(0)).isEqualTo(1.0);
        assertThat(Significance.normalTwoSided(1.959963984540054)).isCloseTo(0.05, CLOSE);
        assertThat(Significance.normalTwoSided(-5)).isCloseTo(5.733031437583866e-07, CLOSE);
        assertThat(Significance.normalTwoSided(10)).isCloseTo(1.523970604832094e-23, CLOSE);
        assertThat(Significance.normalTwoSided(37)).isCloseTo(1.1451142445047853e-299, CLOSE);
    }

    @Test
    void specialFunctionsMatchScipy() {
        assertThat(Significance.regularizedBeta(0.3, 2.5, 0.5)).isCloseTo(0.018927124071945658, CLOSE);
        assertThat(Significance.regularizedBeta(0.9, 0.5, 3)).isCloseTo(0.9996750253207289, CLOSE);
        assertThat(Significance.regularizedBeta(0.41, 200, 300)).isCloseTo(0.677628164772179, Percentage.withPercentage(1e-6));
        assertThat(Significance.regularizedGammaQ(3, 2.5)).isCloseTo(0.5438131158833297, CLOSE);
        assertThat(Significance.regularizedGammaQ(0.5, 100)).isCloseTo(2.0884875837625688e-45, CLOSE);
        assertThat(Significance.regularizedGammaQ(10, 3)).isCloseTo(0.9988975118698845, CLOSE);
        assertThat(Significance.logGamma(0.1)).isCloseTo(2.252712651734206, CLOSE);
        assertThat(Significance.logGamma(5e5)).isCloseTo(6061176.046459176, CLOSE);
        assertThat(Significance.logGamma(3.7)).isCloseTo(1.428072326665388, CLOSE);
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.logGamma(0));
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.regularizedBeta(1.5, 1, 1));
    }

    @Test
    void welchTestMatchesScipy() {
        double[] a = {5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3, 6.1};
        double[] b = {4.2, 4.8, 5.0, 4.4, 4.9, 3.9, 4.6, 4.7, 5.2, 4.1, 4.5};

        Significance.Test test = Significance.welch(mean(a), variance(a), a.length, mean(b), variance(b), b.length);

        // scipy.stats.ttest_ind(a, b, equal_var=False)
        assertThat(test.statistic()).isCloseTo(4.956699626979001, CLOSE);
        assertThat(test.degreesOfFreedom()).isCloseTo(13.350631666771632, CLOSE);
        assertThat(test.pValue()).isCloseTo(0.00024246011053863262, CLOSE);
        assertThat(Significance.cohensD(mean(a), variance(a), a.length, mean(b), variance(b), b.length))
                .isCloseTo(2.3778433626003395, CLOSE);
    }

    @Test
    void welchTestWithoutVariance() {
        assertThat(Significance.welch(1, 0, 5, 1, 0, 5).pValue()).isEqualTo(1.0);
        assertThat(Significance.welch(2, 0, 5, 1, 0, 5).pValue()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.welch(2, 1, 1, 1, 1, 5));
    }

    @Test
    void twoProportionTestMatchesTheFormula() {
        Significance.Test test = Significance.twoProportions(45, 100, 30, 120);

        assertThat(test.statistic()).isCloseTo(3.116142619904648, CLOSE);
        assertThat(test.pValue()).isCloseTo(0.0018323362992630889, CLOSE);
        assertThat(Significance.twoProportions(0, 10, 0, 20).pValue()).isEqualTo(1.0);
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.twoProportions(11, 10, 0, 20));
    }

    @Test
    void effectSizes() {
        assertThat(Significance.hedgesCorrection(6, 6)).isCloseTo(0.922745608053087, CLOSE);
        assertThat(Significance.hedgesCorrection(5_000, 5_000)).isCloseTo(1 - 3.0 / (4 * 9_998 - 1), within(1e-9));
        assertThat(Significance.cohensH(0.5, 0.5)).isZero();
        assertThat(Significance.cohensH(0.75, 0.25)).isCloseTo(2 * Math.asin(Math.sqrt(0.75)) - 2 * Math.asin(0.5), within(1e-15));
        assertThat(Significance.cohensD(2, 0, 5, 1, 0, 5)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void benjaminiHochbergMatchesTheStepUp() {
        // sorted 0.005, 0.01, 0.03, 0.04, 0.5 -> 0.025, 0.025, 0.05, 0.05, 0.5
        double[] q = Significance.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005, 0.5});

        assertThat(q).containsExactly(new double[] {0.025, 0.05, 0.05, 0.025, 0.5}, within(1e-15));
        double[] withMissing = Significance.benjaminiHochberg(new double[] {0.01, Double.NaN, 0.02});
        assertThat(withMissing[0]).isCloseTo(0.02, within(1e-15));
        assertThat(withMissing[1]).isNaN();
        assertThat(withMissing[2]).isCloseTo(0.02, within(1e-15));
        assertThat(Significance.benjaminiHochberg(new double[] {0.9, 0.95})).containsExactly(0.95, 0.95);
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.benjaminiHochberg(new double[] {1.5}));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (values.length - 1);
    }
}
