package io.percept.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BacktestTests {

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8};

        Forecast week = SeasonalNaive.forecast(y, 3, 5, 0.95);
        Forecast last = SeasonalNaive.forecast(y, 1, 2, 0.95);

        assertThat(week.mean()).containsExactly(6, 7, 8, 6, 7);
        assertThat(week.model()).isEqualTo("SNAIVE[3]");
        // sigma = rms of the lag-3 differences (all 3): the interval of steps 4-5 is sqrt(2) wider
        assertThat(week.upper()[0] - week.mean()[0]).isCloseTo(1.959963984540054 * 3, within(1e-9));
        assertThat(week.upper()[3] - week.mean()[3]).isCloseTo(1.959963984540054 * 3 * Math.sqrt(2), within(1e-9));
        assertThat(last.mean()).containsExactly(8, 8);
        assertThat(last.model()).isEqualTo("NAIVE");
        assertThat(SeasonalNaive.forecast(new double[] {1, 2}, 7, 3, 0.95).mean()).as("shorter than a season: naive")
                .containsExactly(2, 2, 2);
    }

    @Test
    void scaleIsTheInSampleSeasonalNaiveMeanAbsoluteError() {
        double[] y = {1, 3, 2, 6, 2, 9};

        assertThat(SeasonalNaive.scale(y, 6, 1)).isCloseTo((2 + 1 + 4 + 4 + 7) / 5.0, within(1e-12));
        assertThat(SeasonalNaive.scale(y, 6, 2)).isCloseTo((1 + 3 + 0 + 3) / 4.0, within(1e-12));
        assertThat(SeasonalNaive.scale(y, 4, 2)).isCloseTo((1 + 3) / 2.0, within(1e-12));
        assertThat(SeasonalNaive.scale(y, 2, 2)).isNaN();
    }

    @Test
    void masesOfAHandWorkedExample() {
        // y = 0, 2, 1, 3, 2, 4; naive from origin 4 (train 0,2,1,3: scale = (2+1+2)/3), horizon 2: forecasts 3, 3 for 2, 4
        double[] y = {0, 2, 1, 3, 2, 4};

        Backtest.Result result = Backtest.run(y, Backtest.Forecaster.naive(0.95), new Backtest.Options(4, 2, 10, 1));

        assertThat(result.origins()).isEqualTo(1);
        assertThat(result.forecasts()).isEqualTo(2);
        assertThat(result.mae()).isCloseTo(1.0, within(1e-12));
        assertThat(result.mase()).isCloseTo(1.0 / (5.0 / 3), within(1e-12));
        assertThat(result.maseByHorizon()).containsExactly(new double[] {0.6, 0.6}, within(1e-12));
    }

    @Test
    void rollingOriginsExpandAndTruncateTheHorizonAtTheEnd() {
        double[] y = Series.seasonal(1, 30, 7, 10, 0.1, 3, 1);
        int[] calls = new int[2];
        Backtest.Forecaster recording = (history, horizon) -> {
            calls[0]++;
            calls[1] += horizon;
            assertThat(history.length).isBetween(20, 29);
            return SeasonalNaive.forecast(history, 7, horizon, 0.9);
        };

        Backtest.Result result = Backtest.run(y, recording, new Backtest.Options(20, 4, 3, 7));

        // origins 20, 23, 26, 29: horizons 4, 4, 4, 1
        assertThat(calls[0]).isEqualTo(4);
        assertThat(result.forecasts()).isEqualTo(13).isEqualTo(calls[1]);
        assertThat(result.maseByHorizon()[3]).isFinite();
        assertThat(result.coverage()).isBetween(0.0, 1.0);
    }

    @Test
    void perfectForecastsScoreZeroAndConstantWindowsAreSkipped() {
        double[] line = new double[40];
        for (int t = 0; t < line.length; t++) {
            line[t] = 5 + 2 * t;
        }
        Backtest.Forecaster oracle = (history, horizon) -> {
            double[] mean = new double[horizon];
            for (int h = 0; h < horizon; h++) {
                mean[h] = 5 + 2 * (history.length + h);
            }
            return new Forecast("oracle", mean, mean, mean, 0.95, "analytic");
        };
        assertThat(Backtest.run(line, oracle, new Backtest.Options(20, 5, 1, 1)).mase()).isZero();

        double[] flat = new double[30];
        Arrays.fill(flat, 3);
        flat[29] = 4;
        Backtest.Result result = Backtest.run(flat, Backtest.Forecaster.naive(0.95), new Backtest.Options(20, 5, 1, 1));
        assertThat(result.skippedOrigins()).isEqualTo(10);
        assertThat(result.mase()).isNaN();
    }

    @Test
    void refusesBadOptions() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backtest.Options(7, 7, 1, 7)).withMessageContaining("initial must exceed");
        assertThatIllegalArgumentException().isThrownBy(() -> new Backtest.Options(20, 0, 1, 7));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backtest.Options(20, 1, 0, 7));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backtest.Options(20, 1, 1, 0));
        assertThatIllegalArgumentException().isThrownBy(
                () -> Backtest.run(new double[20], Backtest.Forecaster.naive(0.95), new Backtest.Options(20, 1, 1, 1))).withMessageContaining("not longer");
        assertThatIllegalArgumentException().isThrownBy(() -> SeasonalNaive.forecast(new double[] {1}, 0, 1, 0.9));
        assertThatIllegalArgumentException().isThrownBy(() -> SeasonalNaive.forecast(new double[] {1}, 1, 1, 0));
    }
}
