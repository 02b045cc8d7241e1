package io.percept.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The special functions against closed forms. */
class SpecialTests {

    @Test
    void logGammaMatchesKnownValues() {
        assertThat(Special.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
        assertThat(Special.logGamma(1)).isCloseTo(0, within(1e-13));
        assertThat(Special.logGamma(10)).isCloseTo(Math.log(362_880), within(1e-12));
        assertThat(Special.logGamma(0.1)).isCloseTo(2.252712651734206, within(1e-12));
        assertThat(Special.logGamma(1000)).isCloseTo(5905.220423209181, within(1e-9));
    }

    @Test
    void digammaMatchesKnownValues() {
        double eulerGamma = 0.5772156649015329;
        assertThat(Special.digamma(1)).isCloseTo(-eulerGamma, within(1e-13));
        assertThat(Special.digamma(0.5)).isCloseTo(-eulerGamma - 2 * Math.log(2), within(1e-13));
        assertThat(Special.digamma(10)).isCloseTo(2.251752589066721, within(1e-13));
        // ψ is the derivative of ln Γ
        double x = 3.7;
        assertThat(Special.digamma(x)).isCloseTo((Special.logGamma(x + 1e-6) - Special.logGamma(x - 1e-6)) / 2e-6, within(1e-7));
    }

    @Test
    void hypergeometricMatchesClosedForms() {
        // 2F1(1, 1; 2; z) = −ln(1 − z) / z
        assertThat(Special.hyp2f1(1, 1, 2, 0.5)).isCloseTo(2 * Math.log(2), within(1e-14));
        assertThat(Special.hyp2f1(1, 1, 2, 0.99)).isCloseTo(-Math.log(0.01) / 0.99, within(1e-12));
        // 2F1(a, b; b; z) = (1 − z)^−a
        assertThat(Special.hyp2f1(2.5, 3, 3, 0.9)).isCloseTo(Math.pow(0.1, -2.5), within(1e-9));
        // 2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z
        assertThat(Special.hyp2f1(0.5, 0.5, 1.5, 0.81)).isCloseTo(Math.asin(0.9) / 0.9, within(1e-14));
        // a terminating series: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
        assertThat(Special.hyp2f1(-2, 3, 4, 0.5)).isCloseTo(1 - 2 * 3 * 0.5 / 4 + 3 * 4 * 0.25 / (4 * 5), within(1e-15));
        assertThat(Special.hyp2f1(0, 3, 4, 0.7)).isEqualTo(1);
    }

    @Test
    void hypergeometricStaysUsableBeyondTheDoubleRange() {
        double[] logAndSign = Special.logHyp2f1(300, 7, 7, 0.99);
        assertThat(logAndSign[0]).isCloseTo(300 * Math.log(100), within(1e-8));
        assertThat(logAndSign[1]).isEqualTo(1);
    }

    @Test
    void hypergeometricConvergesWithHugeParameters() {
        // BG/NBD fitted to customers who never drop out: b and c in the tens of millions
        assertThat(Special.hyp2f1(4.5, 3.2e7, 3.2e7, 0.788)).isCloseTo(Math.pow(0.212, -4.5), org.assertj.core.data.Percentage.withPercentage(1e-9));
        double a = 4.536758566092283;
        double b = 3.2650987650360584E7;
        double c = 3.2982645647488333E7;
        double z = 0.7879996607367613;
        // as b and c grow with b/c fixed, 2F1(a, b; c; z) tends to (1 - z·b/c)^-a
        assertThat(Special.hyp2f1(a, b, c, z)).isCloseTo(Math.pow(1 - z * b / c, -a), org.assertj.core.data.Percentage.withPercentage(1e-3));
        assertThat(Special.hyp2f1(3.2e7, 2, 3.3e7, 0.5)).as("a and b swapped")
                .isCloseTo(Special.hyp2f1(2, 3.2e7, 3.3e7, 0.5), org.assertj.core.data.Percentage.withPercentage(1e-12));
    }

    @Test
    void hypergeometricRejectsPointsOutsideItsDisc() {
        assertThatThrownBy(() -> Special.hyp2f1(1, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Special.hyp2f1(1, 1, -2, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
