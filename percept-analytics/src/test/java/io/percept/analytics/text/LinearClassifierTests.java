package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The linear classifier learns a seeded synthetic task it can solve, deterministically, and round-trips through bytes. */
class LinearClassifierTests {

    private static final NGramHasher HASHER = new NGramHasher(new NGramHasher.Options(16, 1, 2, false));
    private static final String[] GOOD = {"好", "快", "赞", "棒", "值"};
    private static final String[] BAD = {"差", "慢", "坏", "烂", "贵"};
    private static final String[] NEUTRAL = {"的", "了", "是", "我", "买", "这", "个", "东", "西"};

    /** Texts of neutral filler with one or two class-bearing characters; 10 % of labels flipped as noise. */
    private static List<SparseVector> texts(int count, long seed, int[] labels, boolean noisy) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SparseVector> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(3);
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < 8; j++) {
                text.append(NEUTRAL[random.nextInt(NEUTRAL.length)]);
            }
            String[] marks = label == 0 ? BAD : label == 2 ? GOOD : null;
            if (marks != null) {
                text.insert(random.nextInt(text.length()), marks[random.nextInt(marks.length)]);
            }
            labels[i] = noisy && random.nextDouble() < 0.1 ? random.nextInt(3) : label;
            texts.add(HASHER.features(text.toString()));
        }
        return texts;
    }

    @Test
    void learnsATaskWithAKnownAnswerAndIsDeterministic() {
        int[] trainLabels = new int[4000];
        List<SparseVector> train = texts(4000, 1, trainLabels, true);
        int[] testLabels = new int[1000];
        List<SparseVector> test = texts(1000, 2, testLabels, false);
        List<String> labels = List.of("negative", "neutral", "positive");

        LinearClassifier.Model model = LinearClassifier.train(train, trainLabels, labels, HASHER.dimensions(), LinearClassifier.Options.defaults());

        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += model.predict(test.get(i)) == testLabels[i] ? 1 : 0;
        }
        assertThat(correct / 1000.0).as("accuracy on clean test texts").isGreaterThan(0.97);
        double[] probabilities = model.probabilities(HASHER.features("这个东西好"));
        assertThat(probabilities[2]).isGreaterThan(0.8);
        assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LinearClassifier.train(train, trainLabels, labels, HASHER.dimensions(), LinearClassifier.Options.defaults()))
                .as("same data, options and seed").isEqualTo(model);
        assertThat(model.provenance().examples()).isEqualTo(4000);
        assertThat(model.provenance().algorithm()).isEqualTo("logistic-regression-adagrad");
    }

    @Test
    void aModelRoundTripsThroughBytes() {
        int[] labels = new int[500];
        List<SparseVector> train = texts(500, 3, labels, false);
        LinearClassifier.Model model = LinearClassifier.train(train, labels, List.of("a", "b", "c"), HASHER.dimensions(),
                new LinearClassifier.Options(2, 0.3, 0, 9));

        LinearClassifier.Model read = LinearClassifier.Model.fromBytes(model.toBytes());

        assertThat(read).isEqualTo(model);
        assertThat(read.predict(train.get(0))).isEqualTo(model.predict(train.get(0)));
        assertThatThrownBy(() -> LinearClassifier.Model.fromBytes(new byte[] {1, 2, 3, 4})).hasMessageContaining("not a Percept linear model");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        List<SparseVector> one = List.of(HASHER.features("好"));
        assertThatThrownBy(() -> LinearClassifier.train(one, new int[] {0, 1}, List.of("a", "b"), HASHER.dimensions(),
                LinearClassifier.Options.defaults())).hasMessageContaining("as many classes as examples");
        assertThatThrownBy(() -> LinearClassifier.train(one, new int[] {2}, List.of("a", "b"), HASHER.dimensions(),
                LinearClassifier.Options.defaults())).hasMessageContaining("outside 0..1");
        assertThatThrownBy(() -> new LinearClassifier.Options(0, 0.5, 0, 1)).hasMessageContaining("epochs");
    }
}
