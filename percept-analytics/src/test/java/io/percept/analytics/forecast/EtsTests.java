package io.percept.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.forecast.Ets.Model;
import io.percept.analytics.forecast.Ets.Season;
import io.percept.analytics.forecast.Ets.Trend;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EtsTests {

    private static final double[] WEEK = {-12, -4, 3, 8, 14, -2, -7};
    private static final double[] WEEK_FACTORS = {0.8, 0.9, 1.0, 1.05, 1.3, 1.0, 0.95};

    @Test
    void etsBeatsSeasonalNaiveOnSeededSeasonalSeries() {
        // 20 seeded daily series: level 100, trend 0.3/day, weekly pattern of amplitude 20, noise sd 5; 140 days.
        // Rolling origin from day 84, a week ahead, weekly steps (8 origins, 56 forecasts per series).
        Backtest.Options backtest = new Backtest.Options(84, 7, 7, 7);
        double ets = 0;
        double naive = 0;
        int etsBetter = 0;
        for (int seed = 0; seed < 20; seed++) {
            double[] y = Series.seasonal(seed, 140, 7, 100, 0.3, 20, 5);
            double e = Backtest.run(y, Backtest.Forecaster.ets(Ets.Options.defaults(7), 0.95), backtest).mase();
            double s = Backtest.run(y, Backtest.Forecaster.seasonalNaive(7, 0.95), backtest).mase();
            ets += e / 20;
            naive += s / 20;
            etsBetter += e < s ? 1 : 0;
        }
        System.out.printf(java.util.Locale.ROOT, "seeded seasonal series: MASE ETS %.3f, seasonal naive %.3f, ETS better on %d of 20%n", ets, naive, etsBetter);
        assertThat(ets).isLessThan(0.8 * naive);
        assertThat(ets).isLessThan(0.8);
        assertThat(etsBetter).isGreaterThanOrEqualTo(18);
    }

    @Test
    void intervalsOfAdditiveModelCoverAboutTheirNominalShare() {
        // 200 paths of ETS(A,A,A)[7] itself; fit the true model on 140 days, forecast the next 14
        int inside95 = 0;
        int inside80 = 0;
        int total = 0;
        Model model = new Model(Trend.ADDITIVE, Season.ADDITIVE, 7);
        for (int seed = 0; seed < 200; seed++) {
            double[] path = Series.etsAaa(seed, 154, 0.3, 0.02, 0.1, 100, 0.2, WEEK, 5);
            Ets.Fit fit = Ets.fit(Arrays.copyOf(path, 140), model, Ets.Options.defaults(7));
            Forecast f95 = fit.forecast(14, 0.95);
            Forecast f80 = fit.forecast(14, 0.80);
            assertThat(f95.intervals()).isEqualTo("analytic");
            for (int h = 0; h < 14; h++) {
                double actual = path[140 + h];
                inside95 += actual >= f95.lower()[h] && actual <= f95.upper()[h] ? 1 : 0;
                inside80 += actual >= f80.lower()[h] && actual <= f80.upper()[h] ? 1 : 0;
                total++;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "ETS(A,A,A) intervals: 95%% covers %.3f, 80%% covers %.3f of %d%n", (double) inside95 / total,
                (double) inside80 / total, total);
        // parameter uncertainty is not in the interval, so a little under nominal is expected
        assertThat((double) inside95 / total).isBetween(0.91, 0.98);
        assertThat((double) inside80 / total).isBetween(0.74, 0.86);
    }

    @Test
    void simulatedIntervalsOfMultiplicativeModelCoverAboutTheirNominalShare() {
        int inside = 0;
        int total = 0;
        Model model = new Model(Trend.ADDITIVE, Season.MULTIPLICATIVE, 7);
        for (int seed = 0; seed < 100; seed++) {
            double[] path = Series.etsMam(seed, 154, 0.3, 0.005, 0.1, 100, 0.3, WEEK_FACTORS, 0.05);
            Forecast forecast = Ets.fit(Arrays.copyOf(path, 140), model, Ets.Options.defaults(7)).forecast(14, 0.9);
            assertThat(forecast.intervals()).isEqualTo("simulated");
            for (int h = 0; h < 14; h++) {
                inside += path[140 + h] >= forecast.lower()[h] && path[140 + h] <= forecast.upper()[h] ? 1 : 0;
                total++;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "ETS(M,A,M) simulated 90%% intervals cover %.3f of %d%n", (double) inside / total, total);
        assertThat((double) inside / total).isBetween(0.85, 0.94);
    }

    @Test
    void recoversTheSmoothingParametersOfSimulatedData() {
        double[] y = Series.etsAaa(7, 2000, 0.3, 0.01, 0.15, 500, 0.0, WEEK, 5);
        Ets.Fit fit = Ets.fit(y, new Model(Trend.ADDITIVE, Season.ADDITIVE, 7), Ets.Options.defaults(7));

        assertThat(fit.alpha()).isCloseTo(0.3, within(0.05));
        assertThat(fit.beta()).isCloseTo(0.01, within(0.02));
        assertThat(fit.gamma()).isCloseTo(0.15, within(0.06));
        assertThat(Math.sqrt(fit.sigma2())).isCloseTo(5, within(0.3));
    }

    @Test
    void selectionFindsSeasonalityWhereThereIsSomeAndNoneWhereThereIsNone() {
        double[] seasonal = Series.seasonal(3, 200, 7, 100, 0.0, 20, 5);
        double[] flat = Series.seasonal(3, 200, 7, 100, 0.0, 0, 5);

        assertThat(Ets.select(seasonal, Ets.Options.defaults(7)).model().season()).isNotEqualTo(Season.NONE);
        assertThat(Ets.select(flat, Ets.Options.defaults(7)).model()).isEqualTo(new Model(Trend.NONE, Season.NONE, 1));
    }

    @Test
    void weeklySeriesLearnTheirYearlySeasonFromTwoYears() {
        // three years of weeks: level 1000, +2 a week, a yearly wave of amplitude 300, noise 50
        double ets = 0;
        double naive = 0;
        for (int seed = 0; seed < 3; seed++) {
            double[] y = Series.seasonal(seed, 156, 52, 1000, 2, 300, 50);
            Ets.Fit fit = Ets.select(y, Ets.Options.defaults(52));
            assertThat(fit.model().season()).isNotEqualTo(Season.NONE);
            assertThat(fit.model().period()).isEqualTo(52);
            assertThat(fit.model().parameters()).as("12 harmonic values, not 51 free ones").isLessThan(20);
            assertThat(Ets.select(Arrays.copyOf(y, 100), Ets.Options.defaults(52)).model().season()).as("under two years").isEqualTo(Season.NONE);
            Backtest.Options backtest = new Backtest.Options(104, 13, 13, 52);
            ets += Backtest.run(y, Backtest.Forecaster.ets(Ets.Options.defaults(52), 0.95), backtest).mase() / 3;
            naive += Backtest.run(y, Backtest.Forecaster.seasonalNaive(52, 0.95), backtest).mase() / 3;
        }
        // measured: 0.46 against 0.96
        assertThat(ets).isLessThan(0.7 * naive);
    }

    @Test
    void longSeasonalPatternsAreSmoothedToSixHarmonics() {
        double[] pattern = new double[52];
        double[] rough = new double[52];
        for (int j = 0; j < 52; j++) {
            pattern[j] = 10 * Math.sin(2 * Math.PI * j / 52) + 4 * Math.cos(2 * Math.PI * 3 * j / 52);
            rough[j] = pattern[j] + (j % 2 == 0 ? 1 : -1);
        }

        assertThat(Ets.harmonics(pattern, false)).containsExactly(pattern, within(1e-9));
        assertThat(Ets.harmonics(rough, false)).as("the alternating part is harmonic 26: dropped").containsExactly(pattern, within(1e-9));
    }

    @Test
    void multiplicativeSeasonalityChosenWhenThePatternGrowsWithTheLevel() {
        double[] y = Series.etsMam(11, 300, 0.2, 0.02, 0.05, 50, 1.0, new double[] {0.5, 0.8, 1.0, 1.2, 1.6, 1.2, 0.7}, 0.03);

        Ets.Fit fit = Ets.select(y, Ets.Options.defaults(7));

        assertThat(fit.model().season()).isEqualTo(Season.MULTIPLICATIVE);
        assertThat(fit.model().name()).startsWith("ETS(M,");
    }

    @Test
    void everyCandidateIsFittedAndTheLowestAiccWins() {
        double[] y = Series.seasonal(5, 120, 7, 100, 0.2, 20, 5);

        List<Ets.Fit> fits = Ets.fitAll(y, Ets.Options.defaults(7));
        Ets.Fit best = Ets.select(y, Ets.Options.defaults(7));

        assertThat(fits).hasSize(9);
        assertThat(fits.stream().mapToDouble(Ets.Fit::aicc).min().getAsDouble()).isEqualTo(best.aicc());
        assertThat(fits).allSatisfy(fit -> {
            assertThat(fit.alpha()).isBetween(Ets.LOWER, Ets.UPPER);
            assertThat(fit.beta()).isBetween(0.0, fit.alpha());
            assertThat(fit.gamma()).isBetween(0.0, 1 - fit.alpha());
            if (fit.model().trend() == Trend.DAMPED) {
                assertThat(fit.phi()).isBetween(Ets.PHI_LOWER, Ets.PHI_UPPER);
            }
            assertThat(fit.residuals()[10]).isCloseTo(y[10] - fit.fitted()[10], within(1e-9));
        });
    }

    @Test
    void shortSeriesFallBackToSimplerModels() {
        double[] tenDays = Arrays.copyOf(Series.seasonal(1, 40, 7, 100, 0, 20, 5), 10);
        Ets.Fit fit = Ets.select(tenDays, Ets.Options.defaults(7));
        assertThat(fit.model().season()).as("fewer than two weeks: no weekly season").isEqualTo(Season.NONE);
        assertThat(fit.estimated()).isTrue();

        Ets.Fit three = Ets.select(new double[] {5, 7, 6}, Ets.Options.defaults(7));
        assertThat(three.estimated()).isFalse();
        Forecast naive = three.forecast(3, 0.95);
        assertThat(naive.model()).isEqualTo("NAIVE");
        assertThat(naive.mean()).containsExactly(6, 6, 6);
        assertThat(naive.upper()[2] - naive.mean()[2]).isGreaterThan(naive.upper()[0] - naive.mean()[0]);

        Forecast one = Ets.select(new double[] {4}, Ets.Options.defaults(7)).forecast(2, 0.95);
        assertThat(one.mean()).containsExactly(4, 4);
        assertThat(one.intervals()).isEqualTo("none");
        assertThat(one.lower()[0]).isNaN();
    }

    @Test
    void zerosRuleOutMultiplicativeModelsButForecastFine() {
        SplittableRandom random = new SplittableRandom(9);
        double[] intermittent = new double[120];
        for (int t = 0; t < intermittent.length; t++) {
            intermittent[t] = random.nextDouble() < 0.4 ? 0 : Series.poisson(random, t % 7 == 5 ? 6 : 3);
        }

        Ets.Fit fit = Ets.select(intermittent, Ets.Options.defaults(7));
        Forecast forecast = fit.forecast(14, 0.95).nonNegative();

        assertThat(fit.model().multiplicative()).isFalse();
        assertThat(Ets.fitAll(intermittent, Ets.Options.defaults(7))).hasSize(6);
        assertThat(Arrays.stream(forecast.mean()).boxed()).allSatisfy(v -> assertThat(v).isBetween(0.0, 10.0));
        assertThat(Arrays.stream(forecast.lower()).min().getAsDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(Ets.supports(intermittent, new Model(Trend.NONE, Season.MULTIPLICATIVE, 7))).isFalse();
    }

    @Test
    void constantSeriesForecastsItselfWithTheSimplestModel() {
        double[] y = new double[60];
        Arrays.fill(y, 42);

        Ets.Fit fit = Ets.select(y, Ets.Options.defaults(7));

        assertThat(fit.model()).isEqualTo(new Model(Trend.NONE, Season.NONE, 1));
        assertThat(fit.forecast(5, 0.95).mean()).containsOnly(new double[] {42}, within(1e-6));
    }

    @Test
    void forecastsFollowTheModelEquations() {
        double[] y = Series.seasonal(2, 100, 7, 100, 0.5, 10, 3);
        Ets.Fit fit = Ets.fit(y, new Model(Trend.DAMPED, Season.ADDITIVE, 7), Ets.Options.defaults(7));

        Forecast forecast = fit.forecast(9, 0.95);

        double phi = fit.phi();
        double sum = 0;
        for (int h = 1; h <= 9; h++) {
            sum += Math.pow(phi, h);
            double expected = fit.lastLevel() + sum * fit.lastTrend() + fit.lastSeason()[(100 + h - 1) % 7];
            assertThat(forecast.mean()[h - 1]).isCloseTo(expected, within(1e-9));
        }
        // one step ahead: the interval is +- z sigma
        assertThat(forecast.upper()[0] - forecast.mean()[0]).isCloseTo(1.959963984540054 * Math.sqrt(fit.sigma2()), within(1e-9));
        // the variance grows with the horizon
        for (int h = 1; h < 9; h++) {
            assertThat(forecast.upper()[h] - forecast.lower()[h]).isGreaterThan(forecast.upper()[h - 1] - forecast.lower()[h - 1]);
        }
    }

    @Test
    void isDeterministic() {
        double[] y = Series.etsMam(4, 120, 0.3, 0.02, 0.1, 100, 0.3, WEEK_FACTORS, 0.05);
        Ets.Options options = Ets.Options.defaults(7).withSeasons(Season.MULTIPLICATIVE);

        Ets.Fit a = Ets.select(y, options);
        Ets.Fit b = Ets.select(y.clone(), options);
        Forecast fa = a.forecast(10, 0.9);
        Forecast fb = b.forecast(10, 0.9);

        assertThat(a.describe()).isEqualTo(b.describe());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(Ets.select(Arrays.copyOf(y, 119), options).fingerprint());
        assertThat(a.options()).isEqualTo(options);
        assertThat(a.fitted()).containsExactly(b.fitted());
        assertThat(fa.mean()).containsExactly(fb.mean());
        assertThat(fa.lower()).containsExactly(fb.lower());
        assertThat(fa.upper()).containsExactly(fb.upper());
    }

    @Test
    void refusesBadOptionsAndInputs() {
        assertThatIllegalArgumentException().isThrownBy(() -> Ets.Options.defaults(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ets.Options(1, EnumSet.allOf(Trend.class), EnumSet.of(Season.ADDITIVE), 2, 1000, 2000, 1))
                .withMessageContaining("period of at least 2");
        assertThatIllegalArgumentException().isThrownBy(() -> new Ets.Options(7, EnumSet.noneOf(Trend.class), EnumSet.allOf(Season.class), 2, 1000, 2000, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ets.Options(7, EnumSet.allOf(Trend.class), EnumSet.allOf(Season.class), 11, 1000, 2000, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ets.Options(7, EnumSet.allOf(Trend.class), EnumSet.allOf(Season.class), 2, 10, 2000, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ets.Options(7, EnumSet.allOf(Trend.class), EnumSet.allOf(Season.class), 2, 1000, 5, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Model(Trend.NONE, Season.ADDITIVE, 1));

        double[] y = Series.seasonal(1, 30, 7, 100, 0, 10, 2);
        Ets.Options options = Ets.Options.defaults(7);
        assertThatIllegalArgumentException().isThrownBy(() -> Ets.select(new double[0], options)).withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> Ets.select(new double[] {1, Double.NaN, 3}, options)).withMessageContaining("non-finite");
        assertThatIllegalArgumentException().isThrownBy(() -> Ets.fit(Arrays.copyOf(y, 12), new Model(Trend.ADDITIVE, Season.ADDITIVE, 7), options))
                .withMessageContaining("needs at least 14");
        double[] withZero = y.clone();
        withZero[3] = 0;
        assertThatIllegalArgumentException().isThrownBy(() -> Ets.fit(withZero, new Model(Trend.NONE, Season.MULTIPLICATIVE, 7), options))
                .withMessageContaining("strictly positive");
        Ets.Fit fit = Ets.select(y, options);
        assertThatIllegalArgumentException().isThrownBy(() -> fit.forecast(0, 0.95));
        assertThatIllegalArgumentException().isThrownBy(() -> fit.forecast(3, 1.0));
    }

    @Test
    void normalQuantilesMatchTables() {
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-14));
        assertThat(Normal.quantile(0.5)).isCloseTo(0, within(1e-15));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-13));
        assertThat(Normal.quantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-11));
        assertThat(Normal.quantile(0.9)).isCloseTo(1.2815515655446004, within(1e-14));
    }

    @Test
    void nelderMeadFindsTheRosenbrockMinimum() {
        NelderMead.Result result = NelderMead.minimize(
                x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2), new double[] {-1.2, 1}, new double[] {0.5, 0.5}, 5000, 3,
                1e-14);

        assertThat(result.point()[0]).isCloseTo(1, within(1e-3));
        assertThat(result.point()[1]).isCloseTo(1, within(1e-3));
    }
}
