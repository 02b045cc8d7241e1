package io.percept.perception;

import io.percept.analytics.text.NGramHasher;
import io.percept.analytics.text.SparseVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Labelled texts of an evaluation set: deduplicated (a text seen with conflicting labels is
 * dropped, the data sets have some), then split by a seeded draw per text, in the order first
 * seen, into a training part and a fifth held out and never trained on.
 */
final class LabelledTexts {

    /**
     * @param train       training features
     * @param trainLabels their labels
     * @param test        held-out features
     * @param testLabels  their labels
     * @param testGroups  each held-out text's group (e.g. product category), or {@code null}
     */
    record Split(List<SparseVector> train, int[] trainLabels, List<SparseVector> test, int[] testLabels, List<String> testGroups) {
    }

    private final Map<String, TreeSet<Integer>> labels = new LinkedHashMap<>();
    private final Map<String, String> groups = new LinkedHashMap<>();

    /** Adds an occurrence of {@code text} with {@code label}; {@code group} of its first occurrence is kept (may be null). */
    void add(String text, int label, String group) {
        labels.computeIfAbsent(text, t -> new TreeSet<>()).add(label);
        groups.putIfAbsent(text, group);
    }

    /** Distinct texts with one label. */
    int size() {
        return (int) labels.values().stream().filter(seen -> seen.size() == 1).count();
    }

    /** Features by {@code hasher}, a fifth held out by {@code SplittableRandom(seed)}. */
    Split split(NGramHasher hasher, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SparseVector> train = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<SparseVector> test = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        List<String> testGroups = new ArrayList<>();
        labels.forEach((text, seen) -> {
            if (seen.size() == 1) {
                boolean held = random.nextDouble() < 0.2;
                (held ? test : train).add(hasher.features(text));
                (held ? testLabels : trainLabels).add(seen.first());
                if (held) {
                    testGroups.add(groups.get(text));
                }
            }
        });
        return new Split(train, trainLabels.stream().mapToInt(Integer::intValue).toArray(), test,
                testLabels.stream().mapToInt(Integer::intValue).toArray(), testGroups);
    }
}
