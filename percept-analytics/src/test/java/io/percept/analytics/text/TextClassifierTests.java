package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A text classifier learns a seeded synthetic task from raw texts and survives its compact form. */
class TextClassifierTests {

    private static final String[] GOOD = {"great", "lovely", "fast", "works well", "recommend"};
    private static final String[] BAD = {"broken", "slow", "refund", "awful", "waste"};
    private static final String[] FILLER = {"the", "phone", "arrived", "it", "is", "my", "order", "and", "this", "box"};

    private static List<String> texts(int count, long seed, int[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(2);
            List<String> words = new ArrayList<>();
            for (int j = 0; j < 6; j++) {
                words.add(FILLER[random.nextInt(FILLER.length)]);
            }
            String[] marks = labels[i] == 1 ? GOOD : BAD;
            words.add(random.nextInt(words.size()), marks[random.nextInt(marks.length)]);
            texts.add(String.join(" ", words));
        }
        return texts;
    }

    private static double accuracy(TextClassifier classifier, List<String> texts, int[] labels) {
        int right = 0;
        for (int i = 0; i < texts.size(); i++) {
            right += classifier.predict(texts.get(i)) == labels[i] ? 1 : 0;
        }
        return right / (double) texts.size();
    }

    @Test
    void learnsFromTextsWithAndWithoutNaiveBayesWeighting() {
        int[] trainLabels = new int[2000];
        List<String> train = texts(2000, 1, trainLabels);
        int[] testLabels = new int[500];
        List<String> test = texts(500, 2, testLabels);
        for (boolean naiveBayes : new boolean[] {false, true}) {
            TextClassifier classifier = TextClassifier.train(train, trainLabels, List.of("negative", "positive"),
                    new TextClassifier.Options(new NGramHasher.Options(16, 1, 4, true), naiveBayes, new LinearClassifier.Options(5, 0.1, 1e-6, 3)));

            assertThat(accuracy(classifier, test, testLabels)).as("naive Bayes " + naiveBayes).isGreaterThan(0.98);
            assertThat(classifier.naiveBayes()).isEqualTo(naiveBayes);
            assertThat(classifier.probabilities("awful and broken")[0]).isGreaterThan(0.7);
        }
    }

    @Test
    void roundTripsThroughItsCompactFormWithinQuantisation() {
        int[] labels = new int[2000];
        List<String> train = texts(2000, 1, labels);
        TextClassifier classifier = TextClassifier.train(train, labels, List.of("negative", "positive"),
                new TextClassifier.Options(new NGramHasher.Options(16, 1, 4, true), true, new LinearClassifier.Options(5, 0.1, 1e-6, 3)));

        byte[] bytes = classifier.toBytes();
        TextClassifier read = TextClassifier.fromBytes(bytes);

        assertThat(bytes.length).as("compact: far below 4 bytes per weight").isLessThan(2 * 65_536);
        assertThat(read.labels()).containsExactly("negative", "positive");
        assertThat(read.features()).isEqualTo(classifier.features());
        assertThat(read.model().provenance()).isEqualTo(classifier.model().provenance());
        for (String text : train.subList(0, 200)) {
            assertThat(read.probabilities(text)[1]).isCloseTo(classifier.probabilities(text)[1], org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> TextClassifier.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Percept text classifier");
        assertThatThrownBy(() -> TextClassifier.train(List.of("a", "b", "c"), new int[] {0, 1, 2}, List.of("x", "y", "z"),
                new TextClassifier.Options(NGramHasher.Options.english(), true, LinearClassifier.Options.defaults())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two classes");
    }
}
