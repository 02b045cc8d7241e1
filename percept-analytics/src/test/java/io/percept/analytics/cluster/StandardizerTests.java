package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTests {

    private final Matrix data = Matrix.of(new double[][] {{1, 10, 5, 0}, {2, 100, 5, 1}, {3, 1_000, 5, 0}, {6, 10_000, 5, 1}});

    @Test
    void givesEachFeatureMeanZeroAndStandardDeviationOne() {
        Matrix z = Standardizer.fit(data).apply(data);

        for (int j = 0; j < 2; j++) {
            double[] column = z.column(j);
            double mean = 0;
            double squares = 0;
            for (double v : column) {
                mean += v / column.length;
            }
            for (double v : column) {
                squares += (v - mean) * (v - mean) / column.length;
            }
            assertThat(mean).isCloseTo(0, within(1e-12));
            assertThat(squares).isCloseTo(1, within(1e-12));
        }
        // the first column: mean 3, population sd sqrt(3.5)
        assertThat(z.get(0, 0)).isCloseTo(-2 / Math.sqrt(3.5), within(1e-12));
    }

    @Test
    void constantFeatureIsCentredWithScaleOne() {
        Standardizer.Model model = Standardizer.fit(data);

        assertThat(model.scales()[2]).isEqualTo(1.0);
        assertThat(model.apply(data).column(2)).containsOnly(0.0);
    }

    @Test
    void logScaleTakesSignedLog1pFirst() {
        Standardizer.Model model = Standardizer.fit(data, new boolean[] {false, true, false, false});

        // log1p of 10, 100, 1000, 10000 are nearly evenly spaced: standardised they are nearly symmetric
        Matrix z = model.apply(data);
        assertThat(z.get(0, 1)).isCloseTo(-z.get(3, 1), within(0.02));
        double expectedMean = (Math.log1p(10) + Math.log1p(100) + Math.log1p(1_000) + Math.log1p(10_000)) / 4;
        assertThat(model.means()[1]).isCloseTo(expectedMean, within(1e-12));
        assertThat(Feature.standard("netRevenue").transform(-99)).isCloseTo(-Math.log(100), within(1e-12));
    }

    @Test
    void appliesToNewRowsAndInverts() {
        Standardizer.Model model = Standardizer.fit(data, List.of(Feature.standard("x"), Feature.standard("monetary"),
                Feature.standard("y"), Feature.standard("appUser")));

        assertThat(model.logScale()).containsExactly(false, true, false, false);
        assertThat(model.apply(data.row(2))).containsExactly(model.apply(data).row(2), within(1e-15));
        double[] row = {4.5, 777, 5, 1};
        assertThat(model.invert(model.apply(row))).containsExactly(row, within(1e-9));
        assertThat(model).isEqualTo(Standardizer.fit(data, model.logScale()));
        Standardizer.Fitted fitted = Standardizer.fitApply(data, List.of(Feature.standard("x"), Feature.standard("monetary"),
                Feature.standard("y"), Feature.standard("appUser")));
        assertThat(fitted.model()).isEqualTo(model);
        assertThat(fitted.standardised()).isEqualTo(model.apply(data));
    }

    @Test
    void refusesMissingValuesAndMismatchedShapes() {
        Matrix missing = Matrix.of(new double[][] {{1, Double.POSITIVE_INFINITY}, {2, 3}});
        assertThatIllegalArgumentException().isThrownBy(() -> Standardizer.fit(missing)).withMessageContaining("impute");
        assertThatIllegalArgumentException().isThrownBy(() -> Standardizer.fit(data, new boolean[2]));
        assertThatIllegalArgumentException().isThrownBy(() -> Standardizer.fit(new Matrix(0, 2, new double[0])));
        assertThatIllegalArgumentException().isThrownBy(() -> Standardizer.fit(data).apply(new double[] {1, 2}));
    }
}
