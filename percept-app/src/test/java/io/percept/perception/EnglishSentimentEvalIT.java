package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.text.LinearClassifier;
import io.percept.analytics.text.LogCountRatio;
import io.percept.analytics.text.NGramHasher;
import io.percept.analytics.text.SparseVector;
import io.percept.testing.Datasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * English sentiment on the UCI labelled sentences (Amazon, Yelp and IMDB pooled; issue 6's target
 * ≥ 0.85): deduplicated, a seeded 80/20 split never trained on, character 1-5-grams and words
 * weighted by naive Bayes log-count ratios fitted on the training part (NB-SVM style), then
 * logistic regression. Prints the figures for docs/models.md.
 */
class EnglishSentimentEvalIT {

    @Test
    void labelledSentences() throws IOException {
        LabelledTexts labelled = new LabelledTexts();
        Path folder = Datasets.root().resolve("uci_sentiment_labelled_sentences");
        for (String file : List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
            for (String line : Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8)) {
                // not CSV-safe: the label is after the last tab
                int tab = line.lastIndexOf('\t');
                if (tab > 0) {
                    labelled.add(line.substring(0, tab).strip(), Integer.parseInt(line.substring(tab + 1).strip()), file);
                }
            }
        }
        NGramHasher hasher = new NGramHasher(NGramHasher.Options.english());
        LabelledTexts.Split split = labelled.split(hasher, 7);
        List<SparseVector> train = split.train();
        List<SparseVector> test = split.test();
        int[] classes = split.trainLabels();
        LogCountRatio nb = LogCountRatio.fit(train, classes, 1, hasher.dimensions(), 1.0);
        LinearClassifier.Model model = LinearClassifier.train(train.stream().map(nb::apply).toList(), classes,
                List.of("negative", "positive"), hasher.dimensions(), new LinearClassifier.Options(10, 0.1, 1e-6, 42));
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += model.predict(nb.apply(test.get(i))) == split.testLabels()[i] ? 1 : 0;
        }
        double accuracy = correct / (double) test.size();
        System.out.printf("uci_sentiment_labelled_sentences: train=%d test=%d accuracy=%.4f%n", train.size(), test.size(), accuracy);

        assertThat(train.size() + test.size()).isGreaterThan(2_900);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
    }
}
