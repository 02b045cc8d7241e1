package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.text.LinearClassifier;
import io.percept.analytics.text.NGramHasher;
import io.percept.testing.Datasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Chinese sentiment on the real review sets (issue 6's targets): texts deduplicated (those with
 * conflicting labels dropped), a seeded 80/20 split never trained on, a model trained on each set's
 * training part with the project's own code. Prints the figures for docs/models.md.
 */
class ChineseSentimentEvalIT {

    /** Rows whose column {@code labelColumn} is the label and the rest of the line the review; the first column is the group. */
    private static LabelledTexts read(Path file, int labelColumn) throws IOException {
        LabelledTexts texts = new LabelledTexts();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            int cut = -1;
            for (int column = 0; column <= labelColumn; column++) {
                cut = line.indexOf(',', cut + 1);
            }
            int labelStart = labelColumn == 0 ? 0 : line.lastIndexOf(',', cut - 1) + 1;
            String text = line.substring(cut + 1).replace("\uFEFF", "").strip();
            if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            if (!text.isEmpty()) {
                texts.add(text, Integer.parseInt(line.substring(labelStart, cut)), line.substring(0, line.indexOf(',')));
            }
        }
        return texts;
    }

    /** Overall accuracy; prints it, and per group when asked. */
    private static double accuracy(LabelledTexts data, String name, boolean perGroup) {
        NGramHasher hasher = new NGramHasher(NGramHasher.Options.chinese());
        LabelledTexts.Split split = data.split(hasher, 7);
        long started = System.nanoTime();
        LinearClassifier.Model model = LinearClassifier.train(split.train(), split.trainLabels(), List.of("negative", "positive"),
                hasher.dimensions(), new LinearClassifier.Options(5, 0.1, 1e-6, 42));
        double seconds = (System.nanoTime() - started) / 1e9;
        int correct = 0;
        Map<String, int[]> byGroup = new TreeMap<>();
        for (int i = 0; i < split.test().size(); i++) {
            int right = model.predict(split.test().get(i)) == split.testLabels()[i] ? 1 : 0;
            correct += right;
            int[] counts = byGroup.computeIfAbsent(split.testGroups().get(i), g -> new int[2]);
            counts[0] += right;
            counts[1]++;
        }
        double accuracy = correct / (double) split.test().size();
        System.out.printf("%s: train=%d test=%d accuracy=%.4f train_seconds=%.1f%n", name, split.train().size(), split.test().size(),
                accuracy, seconds);
        if (perGroup) {
            byGroup.forEach((group, counts) -> System.out.printf("  %s: test=%d accuracy=%.4f%n", group, counts[1], counts[0] / (double) counts[1]));
        }
        return accuracy;
    }

    @Test
    void onlineShoppingReviews() throws IOException {
        LabelledTexts data = read(Datasets.root().resolve("online_shopping_10_cats/online_shopping_10_cats.csv"), 1);

        assertThat(data.size()).isGreaterThan(60_000);
        assertThat(accuracy(data, "online_shopping_10_cats", true)).isGreaterThanOrEqualTo(0.92);
    }

    @Test
    void hotelReviews() throws IOException {
        LabelledTexts data = read(Datasets.root().resolve("ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv"), 0);

        assertThat(data.size()).isGreaterThan(7_500);
        assertThat(accuracy(data, "ChnSentiCorp_htl_all", false)).isGreaterThanOrEqualTo(0.90);
    }
}
