package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.text.LinearClassifier;
import io.percept.analytics.text.NGramHasher;
import io.percept.analytics.text.SparseVector;
import io.percept.testing.Datasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Chinese sentiment on the real review sets (issue 6's targets): texts deduplicated (those with
 * conflicting labels dropped), a seeded 80/20 split never trained on, a model trained on each set's
 * training part with the project's own code. Prints the figures for docs/models.md.
 */
class ChineseSentimentEvalIT {

    /** Deduplicated texts with their label and the first column (the product category where there is one). */
    private record Labelled(List<String> texts, int[] labels, List<String> groups) {
    }

    /** Rows whose column {@code labelColumn} is the label and the rest of the line the review, deduplicated. */
    private static Labelled read(Path file, int labelColumn) throws IOException {
        Map<String, TreeSet<Integer>> labels = new LinkedHashMap<>();
        Map<String, String> groups = new LinkedHashMap<>();
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
                labels.computeIfAbsent(text, t -> new TreeSet<>()).add(Integer.parseInt(line.substring(labelStart, cut)));
                groups.putIfAbsent(text, line.substring(0, line.indexOf(',')));
            }
        }
        List<String> texts = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        List<String> keptGroups = new ArrayList<>();
        labels.forEach((text, seen) -> {
            if (seen.size() == 1) {
                texts.add(text);
                kept.add(seen.first());
                keptGroups.add(groups.get(text));
            }
        });
        return new Labelled(texts, kept.stream().mapToInt(Integer::intValue).toArray(), keptGroups);
    }

    /** Overall accuracy; prints it, and per group when the data has groups. */
    private static double accuracy(Labelled data, String name, boolean perGroup) {
        NGramHasher hasher = new NGramHasher(NGramHasher.Options.chinese());
        SplittableRandom split = new SplittableRandom(7);
        List<SparseVector> train = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<SparseVector> test = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        List<String> testGroups = new ArrayList<>();
        for (int i = 0; i < data.texts().size(); i++) {
            SparseVector features = hasher.features(data.texts().get(i));
            boolean held = split.nextDouble() < 0.2;
            (held ? test : train).add(features);
            (held ? testLabels : trainLabels).add(data.labels()[i]);
            if (held) {
                testGroups.add(data.groups().get(i));
            }
        }
        long started = System.nanoTime();
        LinearClassifier.Model model = LinearClassifier.train(train, trainLabels.stream().mapToInt(Integer::intValue).toArray(),
                List.of("negative", "positive"), hasher.dimensions(), new LinearClassifier.Options(5, 0.1, 1e-6, 42));
        double seconds = (System.nanoTime() - started) / 1e9;
        int correct = 0;
        Map<String, int[]> byGroup = new java.util.TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            int right = model.predict(test.get(i)) == testLabels.get(i) ? 1 : 0;
            correct += right;
            int[] counts = byGroup.computeIfAbsent(testGroups.get(i), g -> new int[2]);
            counts[0] += right;
            counts[1]++;
        }
        double accuracy = correct / (double) test.size();
        System.out.printf("%s: train=%d test=%d accuracy=%.4f train_seconds=%.1f%n", name, train.size(), test.size(), accuracy, seconds);
        if (perGroup) {
            byGroup.forEach((group, counts) -> System.out.printf("  %s: test=%d accuracy=%.4f%n", group, counts[1], counts[0] / (double) counts[1]));
        }
        return accuracy;
    }

    @Test
    void onlineShoppingReviews() throws IOException {
        Labelled data = read(Datasets.root().resolve("online_shopping_10_cats/online_shopping_10_cats.csv"), 1);

        assertThat(data.texts()).hasSizeGreaterThan(60_000);
        assertThat(accuracy(data, "online_shopping_10_cats", true)).isGreaterThanOrEqualTo(0.92);
    }

    @Test
    void hotelReviews() throws IOException {
        Labelled data = read(Datasets.root().resolve("ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv"), 0);

        assertThat(data.texts()).hasSizeGreaterThan(7_500);
        assertThat(accuracy(data, "ChnSentiCorp_htl_all", false)).isGreaterThanOrEqualTo(0.90);
    }
}
