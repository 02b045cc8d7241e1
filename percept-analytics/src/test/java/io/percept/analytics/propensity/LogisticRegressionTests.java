package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Logistic regression recovers known coefficients, separates as well as the true model, and explains additively. */
class LogisticRegressionTests {

    static final double[] BETA = {1.0, -0.5, 0.25, 0.0, 2.0};
    static final double INTERCEPT = -0.5;

    @Test
    void recoversTheCoefficientsOfSeededLogisticData() {
        Synthetic.Logistic train = Synthetic.logistic(20_000, INTERCEPT, BETA, 1);
        LogisticRegression.Model model = LogisticRegression.train(train.x(), train.y(), Synthetic.names(5),
                LogisticRegression.Options.defaults().withL2(1e-6));

        assertThat(model.intercept()).isCloseTo(INTERCEPT, within(0.06));
        for (int j = 0; j < BETA.length; j++) {
            assertThat(model.coefficients()[j]).as("coefficient %d", j).isCloseTo(BETA[j], within(0.06));
        }
        assertThat(model.iterations()).isBetween(3, 15);
        assertThat(model.provenance().algorithm()).isEqualTo("logistic-regression-newton");
        assertThat(model.provenance().examples()).isEqualTo(20_000);

        Synthetic.Logistic test = Synthetic.logistic(20_000, INTERCEPT, BETA, 2);
        double bayes = Metrics.auc(test.margins(), test.y());
        double learned = Metrics.auc(model.margins(test.x()), test.y());
        assertThat(bayes).as("the true model's AUC").isBetween(0.85, 0.95);
        assertThat(learned).as("the learned model's AUC against the Bayes AUC %s", bayes).isCloseTo(bayes, within(0.003));
    }

    @Test
    void theGradientVanishesAtTheSolution() {
        Synthetic.Logistic data = Synthetic.logistic(2_000, INTERCEPT, BETA, 3);
        LogisticRegression.Options options = LogisticRegression.Options.defaults().withL2(0.01);
        LogisticRegression.Model model = LogisticRegression.train(data.x(), data.y(), Synthetic.names(5), options);
        double[] theta = new double[6];
        theta[0] = model.intercept();
        System.arraycopy(model.coefficients(), 0, theta, 1, 5);
        double best = LogisticRegression.objective(data.x(), data.y(), theta, options);
        for (int j = 0; j < theta.length; j++) {
            for (double step : new double[] {-1e-3, 1e-3}) {
                double[] moved = theta.clone();
                moved[j] += step;
                assertThat(LogisticRegression.objective(data.x(), data.y(), moved, options)).isGreaterThan(best);
            }
        }
    }

    @Test
    void anL1PenaltyZeroesTheIrrelevantCoefficientAndShrinksTheOthers() {
        Synthetic.Logistic data = Synthetic.logistic(5_000, INTERCEPT, BETA, 4);
        LogisticRegression.Model dense = LogisticRegression.train(data.x(), data.y(), Synthetic.names(5), LogisticRegression.Options.defaults());
        LogisticRegression.Model sparse = LogisticRegression.train(data.x(), data.y(), Synthetic.names(5),
                LogisticRegression.Options.defaults().withL1(0.02));

        assertThat(sparse.provenance().algorithm()).isEqualTo("logistic-regression-proximal-newton");
        assertThat(sparse.coefficients()[3]).as("the irrelevant feature").isZero();
        for (int j : new int[] {0, 1, 2, 4}) {
            assertThat(Math.abs(sparse.coefficients()[j])).isGreaterThan(0).isLessThan(Math.abs(dense.coefficients()[j]));
            assertThat(Math.signum(sparse.coefficients()[j])).isEqualTo(Math.signum(BETA[j]));
        }
        LogisticRegression.Model tiny = LogisticRegression.train(data.x(), data.y(), Synthetic.names(5),
                LogisticRegression.Options.defaults().withL1(1e-12));
        for (int j = 0; j < BETA.length; j++) {
            assertThat(tiny.coefficients()[j]).as("proximal Newton with a vanishing L1 agrees with Newton")
                    .isCloseTo(dense.coefficients()[j], within(1e-6));
        }
    }

    @Test
    void contributionsAreCoefficientTimesDistanceFromTheMeanAndAddUpToTheMargin() {
        Synthetic.Logistic data = Synthetic.logistic(1_000, INTERCEPT, BETA, 5);
        LogisticRegression.Model model = LogisticRegression.train(data.x(), data.y(), Synthetic.names(5), LogisticRegression.Options.defaults());
        double[] contributions = new double[5];
        for (double[] row : List.of(data.x()[0], data.x()[1], new double[5])) {
            double base = model.explain(row, contributions);
            double sum = base;
            for (int j = 0; j < 5; j++) {
                assertThat(contributions[j]).isCloseTo(model.coefficients()[j] * (row[j] - model.means()[j]), within(1e-12));
                sum += contributions[j];
            }
            assertThat(sum).isCloseTo(model.margin(row), within(1e-9));
        }
    }

    @Test
    void isDeterministic() {
        Synthetic.Logistic data = Synthetic.logistic(2_000, INTERCEPT, BETA, 6);
        LogisticRegression.Options options = LogisticRegression.Options.defaults().withL1(0.001);
        assertThat(LogisticRegression.train(data.x(), data.y(), Synthetic.names(5), options))
                .isEqualTo(LogisticRegression.train(data.x(), data.y(), Synthetic.names(5), options));
    }

    @Test
    void refusesInputsItCannotLearnFrom() {
        double[][] x = {{1}, {2}};
        assertThatThrownBy(() -> LogisticRegression.train(x, new boolean[] {true, true}, List.of("a"), LogisticRegression.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        assertThatThrownBy(() -> LogisticRegression.train(new double[][] {{1}, {Double.NaN}}, new boolean[] {true, false}, List.of("a"),
                LogisticRegression.Options.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> LogisticRegression.train(x, new boolean[] {true}, List.of("a"), LogisticRegression.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogisticRegression.Options(-1, 0, 10, 1e-6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogisticRegression.Options(0, 0, 0, 1e-6)).isInstanceOf(IllegalArgumentException.class);
    }
}
