package io.percept.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThetaTests {

    @Test
    void smoothingFollowsARandomWalkAndAveragesNoise() {
        SplittableRandom random = new SplittableRandom(3);
        double[] walk = new double[200];
        double[] noise = new double[200];
        for (int t = 0; t < 200; t++) {
            walk[t] = (t == 0 ? 100 : walk[t - 1]) + Series.gaussian(random);
            noise[t] = 100 + Series.gaussian(random);
        }
        assertThat(Theta.fit(walk).alpha()).isGreaterThan(0.8);
        Theta.Fit flat = Theta.fit(noise);
        assertThat(flat.alpha()).isLessThan(0.2);
        assertThat(flat.slope()).isCloseTo(0, within(0.01));
        assertThat(flat.forecast(1, 0.9).mean()[0]).isCloseTo(100, within(0.5));
        assertThat(flat.sigma2()).isCloseTo(1, within(0.3));
    }

    @Test
    void forecastsAreTheLevelPlusHalfTheLineSlopeAsDrift() {
        // y = 3t + noise: b ≈ 3; the forecasts rise by b/2 per step (Hyndman and Billah 2003)
        SplittableRandom random = new SplittableRandom(8);
        double[] y = new double[60];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 3 * t + 4 * Series.gaussian(random);
        }
        Theta.Fit fit = Theta.fit(y);
        assertThat(fit.slope()).isCloseTo(3, within(0.1));
        Forecast forecast = fit.forecast(4, 0.95);
        double drift = (1 - Math.pow(1 - fit.alpha(), y.length)) / fit.alpha();
        assertThat(forecast.mean()[0]).isCloseTo(fit.level() + fit.slope() / 2 * drift, within(1e-9));
        for (int h = 1; h < 4; h++) {
            assertThat(forecast.mean()[h] - forecast.mean()[h - 1]).isCloseTo(fit.slope() / 2, within(1e-9));
            assertThat(forecast.upper()[h] - forecast.lower()[h]).isGreaterThan(forecast.upper()[h - 1] - forecast.lower()[h - 1]);
        }
        assertThat(forecast.model()).isEqualTo("THETA");
        assertThat(Theta.fit(y)).isEqualTo(fit);
    }

    @Test
    void beatsTheNaiveMethodOnNoisyTrendsAndCombinesWithEts() {
        Backtest.Options options = new Backtest.Options(30, 4, 1, 1);
        int better = 0;
        for (int seed = 0; seed < 20; seed++) {
            double[] y = Series.seasonal(seed, 60, 4, 100, 1.5, 0, 10);
            double theta = Backtest.run(y, Backtest.Forecaster.theta(0.9), options).mase();
            double naive = Backtest.run(y, Backtest.Forecaster.naive(0.9), options).mase();
            better += theta < naive ? 1 : 0;
        }
        assertThat(better).isGreaterThanOrEqualTo(18);

        double[] y = Series.seasonal(1, 40, 4, 100, 1, 0, 5);
        Forecast naive = Backtest.Forecaster.naive(0.9).forecast(y, 3);
        Forecast theta = Backtest.Forecaster.theta(0.9).forecast(y, 3);
        Forecast combined = Backtest.Forecaster.mean(Backtest.Forecaster.naive(0.9), Backtest.Forecaster.theta(0.9)).forecast(y, 3);
        for (int h = 0; h < 3; h++) {
            assertThat(combined.mean()[h]).isCloseTo((naive.mean()[h] + theta.mean()[h]) / 2, within(1e-9));
            assertThat(combined.lower()[h]).isNaN();
        }
        assertThat(combined.model()).isEqualTo("MEAN(NAIVE,THETA)");
    }

    @Test
    void refusesTooShortSeries() {
        assertThatThrownBy(() -> Theta.fit(new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backtest.Forecaster.mean()).isInstanceOf(IllegalArgumentException.class);
    }
}
