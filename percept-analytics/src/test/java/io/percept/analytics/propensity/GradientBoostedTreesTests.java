package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Boosted trees learn an interaction a linear model cannot, explain exactly by TreeSHAP, and are deterministic. */
class GradientBoostedTreesTests {

    @Test
    void learnsAnXorInteractionThatLogisticRegressionCannot() {
        Synthetic.Logistic train = Synthetic.xor(8_000, 3, 1);
        Synthetic.Logistic test = Synthetic.xor(4_000, 3, 2);
        GradientBoostedTrees.Model trees = GradientBoostedTrees.train(train.x(), train.y(), Synthetic.names(5),
                GradientBoostedTrees.Options.defaults().withTrees(200).withEarlyStopping(0, 1));
        LogisticRegression.Model linear = LogisticRegression.train(train.x(), train.y(), Synthetic.names(5), LogisticRegression.Options.defaults());

        double bayes = Metrics.auc(test.margins(), test.y());
        double boosted = Metrics.auc(trees.margins(test.x()), test.y());
        double logistic = Metrics.auc(linear.margins(test.x()), test.y());
        assertThat(logistic).as("logistic regression on XOR").isBetween(0.45, 0.56);
        assertThat(boosted).as("boosted trees on XOR, Bayes AUC %s", bayes).isGreaterThan(bayes - 0.02).isGreaterThan(logistic + 0.3);
        assertThat(trees.trees()).isEqualTo(200);
        assertThat(trees.maxDepth()).isLessThanOrEqualTo(4);
        for (int i = 0; i < 500; i++) {
            assertThat(trees.margin(test.x()[i])).as("the complete layout walks the same trees").isCloseTo(walk(trees, test.x()[i]), within(1e-12));
        }
    }

    @Test
    void scoresDeepTreesByTheirNodes() {
        Synthetic.Logistic train = Synthetic.xor(4_000, 3, 9);
        GradientBoostedTrees.Model deep = GradientBoostedTrees.train(train.x(), train.y(), Synthetic.names(5),
                GradientBoostedTrees.Options.defaults().withTrees(5).withMaxDepth(14).withMinLeafSize(1).withEarlyStopping(0, 1));
        assertThat(deep.maxDepth()).isGreaterThan(GradientBoostedTrees.Model.DENSE_DEPTH);
        for (int i = 0; i < 100; i++) {
            assertThat(deep.margin(train.x()[i])).isCloseTo(walk(deep, train.x()[i]), within(1e-12));
        }
    }

    /** The margin by following each tree's nodes from its root. */
    private static double walk(GradientBoostedTrees.Model model, double[] x) {
        double margin = model.bias();
        for (int root : model.roots()) {
            int node = root;
            while (model.feature()[node] >= 0) {
                node = x[model.feature()[node]] <= model.threshold()[node] ? model.left()[node] : model.right()[node];
            }
            margin += model.value()[node];
        }
        return margin;
    }

    @Test
    void separatesLinearDataNearlyAsWellAsTheTrueModel() {
        Synthetic.Logistic train = Synthetic.logistic(10_000, -0.5, LogisticRegressionTests.BETA, 3);
        Synthetic.Logistic test = Synthetic.logistic(5_000, -0.5, LogisticRegressionTests.BETA, 4);
        GradientBoostedTrees.Model trees = GradientBoostedTrees.train(train.x(), train.y(), Synthetic.names(5), GradientBoostedTrees.Options.defaults());
        assertThat(Metrics.auc(trees.margins(test.x()), test.y())).isGreaterThan(Metrics.auc(test.margins(), test.y()) - 0.02);
    }

    @Test
    void treeShapEqualsTheExactShapleyValuesOfThePathDependentExpectation() {
        Synthetic.Logistic data = Synthetic.logistic(3_000, 0, new double[] {1, -1, 0.5, 0.8}, 5);
        for (int i = 0; i < data.x().length; i++) {
            data.x()[i][3] = Math.rint(data.x()[i][3]);
        }
        GradientBoostedTrees.Model model = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4),
                GradientBoostedTrees.Options.defaults().withTrees(12).withMaxDepth(4).withMinLeafSize(5).withLearningRate(0.3)
                        .withEarlyStopping(0, 1));
        double[] phi = new double[4];
        for (int row = 0; row < 25; row++) {
            double[] x = data.x()[row];
            double base = model.explain(x, phi);
            double[] exact = bruteForceShapley(model, x);
            double sum = base;
            for (int j = 0; j < 4; j++) {
                assertThat(phi[j]).as("row %d feature %d", row, j).isCloseTo(exact[j], within(1e-9));
                sum += phi[j];
            }
            assertThat(sum).as("base plus contributions is the margin").isCloseTo(model.margin(x), within(1e-9));
        }
        assertThat(model.explain(data.x()[0], phi)).as("the base is the expected margin")
                .isCloseTo(expected(model, data.x()[0], 0), within(1e-12));
    }

    @Test
    void pathAttributionAddsUpToTheMarginAndAgreesWithTreeShapOnStumps() {
        Synthetic.Logistic data = Synthetic.logistic(3_000, 0, new double[] {1, -1, 0.5}, 10);
        GradientBoostedTrees.Model deep = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(3),
                GradientBoostedTrees.Options.defaults().withTrees(30).withEarlyStopping(0, 1));
        GradientBoostedTrees.Model stumps = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(3),
                GradientBoostedTrees.Options.defaults().withTrees(30).withMaxDepth(1).withEarlyStopping(0, 1));
        double[] path = new double[3];
        double[] shap = new double[3];
        for (int row = 0; row < 50; row++) {
            double[] x = data.x()[row];
            double base = deep.explainByPath(x, path);
            assertThat(base).isCloseTo(deep.explain(x, shap), within(1e-12));
            assertThat(base + path[0] + path[1] + path[2]).isCloseTo(deep.margin(x), within(1e-9));
            stumps.explainByPath(x, path);
            stumps.explain(x, shap);
            assertThat(path).containsExactly(shap, within(1e-12));
        }
    }

    /** Shapley values of v(S) = sum over trees of E[tree | x_S] (cover-weighted over the features outside S), by enumeration. */
    private static double[] bruteForceShapley(GradientBoostedTrees.Model model, double[] x) {
        int m = x.length;
        double[] phi = new double[m];
        double[] factorial = {1, 1, 2, 6, 24, 120};
        for (int j = 0; j < m; j++) {
            for (int subset = 0; subset < 1 << m; subset++) {
                if ((subset & 1 << j) != 0) {
                    continue;
                }
                int size = Integer.bitCount(subset);
                double weight = factorial[size] * factorial[m - size - 1] / factorial[m];
                phi[j] += weight * (expected(model, x, subset | 1 << j) - expected(model, x, subset));
            }
        }
        return phi;
    }

    private static double expected(GradientBoostedTrees.Model model, double[] x, int known) {
        double sum = model.bias();
        for (int root : model.roots()) {
            sum += expected(model, x, known, root);
        }
        return sum;
    }

    private static double expected(GradientBoostedTrees.Model model, double[] x, int known, int node) {
        int feature = model.feature()[node];
        if (feature < 0) {
            return model.value()[node];
        }
        int left = model.left()[node];
        int right = model.right()[node];
        if ((known & 1 << feature) != 0) {
            return expected(model, x, known, x[feature] <= model.threshold()[node] ? left : right);
        }
        return (model.cover()[left] * expected(model, x, known, left) + model.cover()[right] * expected(model, x, known, right))
                / model.cover()[node];
    }

    @Test
    void earlyStoppingKeepsTheRoundsWithTheBestValidationLoss() {
        Synthetic.Logistic data = Synthetic.logistic(3_000, 0, new double[] {0.3, 0, 0, 0}, 6);
        GradientBoostedTrees.Model stopped = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4),
                GradientBoostedTrees.Options.defaults().withTrees(2_000).withLearningRate(0.3).withMaxDepth(6).withEarlyStopping(0.2, 10));
        assertThat(stopped.trees()).isBetween(1, 200);
        GradientBoostedTrees.Model defaults = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4), GradientBoostedTrees.Options.defaults());
        assertThat(defaults.trees()).as("the defaults stop early too").isLessThan(1_000);
        assertThat(stopped.provenance().options()).contains("validationFraction=0.2");
    }

    @Test
    void isDeterministicForASeedAndVariesWithIt() {
        Synthetic.Logistic data = Synthetic.xor(2_000, 2, 7);
        GradientBoostedTrees.Options options = GradientBoostedTrees.Options.defaults().withTrees(50).withEarlyStopping(0, 1);
        GradientBoostedTrees.Model model = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4), options);
        assertThat(GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4), options)).isEqualTo(model);
        assertThat(GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4), options.withSeed(8))).isNotEqualTo(model);
        GradientBoostedTrees.Model all = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4), options.withSubsample(1));
        GradientBoostedTrees.Model reseeded = GradientBoostedTrees.train(data.x(), data.y(), Synthetic.names(4), options.withSubsample(1).withSeed(8));
        assertThat(reseeded.value()).as("without subsampling the seed changes nothing").containsExactly(all.value());
        assertThat(reseeded.threshold()).containsExactly(all.threshold());
    }

    @Test
    void binsAtMidpointsBetweenFewDistinctValuesAndAtQuantilesOfMany() {
        double[][] x = {{0}, {1}, {1}, {3}};
        int[] rows = {0, 1, 2, 3};
        assertThat(GradientBoostedTrees.edges(x, rows, 0, 64)).containsExactly(0.5, 2.0);
        double[][] many = new double[1_000][1];
        int[] all = new int[1_000];
        for (int i = 0; i < 1_000; i++) {
            many[i][0] = i;
            all[i] = i;
        }
        double[] edges = GradientBoostedTrees.edges(many, all, 0, 10);
        assertThat(edges).containsExactly(100.5, 200.5, 300.5, 400.5, 500.5, 600.5, 700.5, 800.5, 900.5);
        assertThat(GradientBoostedTrees.bin(edges, 100)).isZero();
        assertThat(GradientBoostedTrees.bin(edges, 101)).isEqualTo(1);
        assertThat(GradientBoostedTrees.bin(edges, 5_000)).isEqualTo(9);
    }

    @Test
    void refusesInvalidOptions() {
        assertThatThrownBy(() -> GradientBoostedTrees.Options.defaults().withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GradientBoostedTrees.Options.defaults().withSubsample(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GradientBoostedTrees.Options.defaults().withEarlyStopping(0.7, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GradientBoostedTrees.train(new double[][] {{1}}, new boolean[] {true}, List.of("a"),
                GradientBoostedTrees.Options.defaults())).isInstanceOf(IllegalArgumentException.class);
    }
}
