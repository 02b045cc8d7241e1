package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.text.ClassificationMetrics;
import io.percept.analytics.text.HeldOut;
import io.percept.analytics.text.KeywordBaseline;
import io.percept.analytics.text.LinearClassifier;
import io.percept.analytics.text.NGramHasher;
import io.percept.analytics.text.TextClassifier;
import io.percept.ingest.imports.TableFile;
import io.percept.testing.Datasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Complaint reasons (issue 6): the airline tweets' {@code negativereason} and the CFPB complaints'
 * {@code Issue}, each deduplicated (texts seen with conflicting labels dropped), split by
 * {@link HeldOut} and learned by a {@link TextClassifier} trained on the training part only, against
 * a majority-class and a {@link KeywordBaseline} on the held-out part. Prints the table for
 * docs/models.md and checks the learned model beats both baselines' macro-F1 clearly.
 */
class ComplaintReasonEvalIT {

    /**
     * The learned model's options: those with the best mean macro-F1 on three validation quarters of the
     * training part ({@code HeldOut.isHeldOut(text, seed, 0.25)}, seeds 8 to 10) among those docs/models.md lists.
     */
    static final TextClassifier.Options OPTIONS = new TextClassifier.Options(NGramHasher.Options.english(), false,
            new LinearClassifier.Options(20, 1.0, 1e-6, 42));

    /** CFPB issues with fewer training complaints than this are grouped into {@value #OTHER}. */
    static final int MIN_TRAINING_EXAMPLES = 20;
    static final String OTHER = "Other";
    static final String CANT_TELL = "Can't Tell";

    static final String MAJORITY = "majority class";
    static final String NAMES = "keywords (label names)";
    static final String WRITTEN = "keywords (names + hand-written)";
    static final String LEARNED = "learned";

    /** Hand-written keywords for the airline reasons, on top of the names' own words (not drawn from the data). */
    static final Map<String, List<String>> AIRLINE_KEYWORDS = Map.of(
            "Late Flight", List.of("delay", "late", "hour", "hrs", "tarmac", "missed", "connection"),
            "Cancelled Flight", List.of("cancel", "rebook", "reschedul"),
            "Customer Service Issue", List.of("hold", "call", "phone", "agent", "rude", "answer", "respon", "email"),
            "Lost Luggage", List.of("bag", "bags", "baggage", "suitcase", "missing", "claim"),
            "Damaged Luggage", List.of("damage", "broke", "torn", "ripped", "destroy"),
            "Bad Flight", List.of("seat", "wifi", "entertainment", "food", "dirty", "uncomfortable", "legroom", "smell", "drink"),
            "Flight Booking Problems", List.of("reservation", "website", "online", "ticket", "fare", "change", "app", "confirm"),
            "Flight Attendant Complaints", List.of("attendant", "crew", "stewardess", "steward"),
            "Longlines", List.of("line", "queue", "wait", "counter", "security"));

    /** Distinct texts with their one label, in the order first seen. */
    record Labelled(List<String> texts, List<String> labels) {
    }

    /** One predictor's figures on the held-out part. */
    record Row(String predictor, ClassificationMetrics metrics) {
    }

    /**
     * A data set's evaluation: its sizes, training texts per class, how many labels were grouped into
     * {@value #OTHER}, the rows, and the learned model's metrics.
     */
    record Report(String name, int train, int test, List<String> classes, int[] trainCounts, int grouped, List<Row> rows,
            ClassificationMetrics learned, double trainSeconds) {

        double macroF1(String predictor) {
            for (Row row : rows) {
                if (row.predictor().equals(predictor)) {
                    return row.metrics().macroF1();
                }
            }
            throw new IllegalArgumentException(predictor);
        }
    }

    /** Occurrences of texts with labels; a text seen with two different labels is dropped. */
    private static final class Dedupe {

        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Set<String> conflicting = new LinkedHashSet<>();
        private int occurrences;

        void add(String text, String label) {
            occurrences++;
            String key = text.strip().replaceAll("\\s+", " ");
            if (key.isEmpty()) {
                return;
            }
            String seen = labels.putIfAbsent(key, label);
            if (seen != null && !seen.equals(label)) {
                conflicting.add(key);
            }
        }

        Labelled result(String name) {
            List<String> texts = new ArrayList<>();
            List<String> result = new ArrayList<>();
            labels.forEach((text, label) -> {
                if (!conflicting.contains(text)) {
                    texts.add(text);
                    result.add(label);
                }
            });
            System.out.printf("%s: %d rows, %d distinct texts, %d dropped for conflicting labels%n", name, occurrences, labels.size(),
                    conflicting.size());
            return new Labelled(texts, result);
        }
    }

    /** Negative airline tweets with a reason, the reason's case normalised ("longlines" is "Longlines"). */
    static Labelled readAirlineReasons() throws IOException {
        Dedupe dedupe = new Dedupe();
        Path file = Datasets.root().resolve("twitter_us_airline_sentiment/Tweets.csv");
        try (TableFile table = TableFile.open(file, TableFile.Kind.CSV, 0)) {
            for (TableFile.Record record = table.next(); record != null; record = table.next()) {
                assertThat(record.problem()).as("line " + record.line()).isNull();
                String reason = record.get("negativereason").strip();
                if (record.get("airline_sentiment").equals("negative") && !reason.isEmpty()) {
                    dedupe.add(record.get("text"), reason.substring(0, 1).toUpperCase(Locale.ROOT) + reason.substring(1));
                }
            }
        }
        return dedupe.result("airline reasons");
    }

    /** The texts of {@code data} but those labelled {@code label}. */
    static Labelled without(Labelled data, String label) {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < data.texts().size(); i++) {
            if (!data.labels().get(i).equals(label)) {
                texts.add(data.texts().get(i));
                labels.add(data.labels().get(i));
            }
        }
        return new Labelled(texts, labels);
    }

    /** CFPB complaints with a narrative, labelled by their issue; the {@code XXXX} redactions are removed. */
    static Labelled readCfpbIssues() throws IOException {
        Dedupe dedupe = new Dedupe();
        Path file = Datasets.root().resolve("cfpb_complaints_sample/complaints_sample.csv");
        try (TableFile table = TableFile.open(file, TableFile.Kind.CSV, 2)) {
            for (TableFile.Record record = table.next(); record != null; record = table.next()) {
                assertThat(record.problem()).as("line " + record.line()).isNull();
                String narrative = record.get("Consumer complaint narrative").replaceAll("X{2,}", " ");
                if (!narrative.isBlank()) {
                    dedupe.add(narrative, record.get("Issue").strip());
                }
            }
        }
        return dedupe.result("cfpb issues");
    }

    /**
     * Splits {@code data} by {@link HeldOut}, groups labels with fewer than {@code minTraining} training
     * texts into {@value #OTHER} (0: none), and evaluates the baselines and a model trained with {@code options}.
     *
     * @param extraKeywords hand-written keywords for a second keyword row, or {@code null} for none
     */
    static Report evaluate(String name, Labelled data, int minTraining, Map<String, List<String>> extraKeywords, TextClassifier.Options options) {
        return evaluate(name, data, minTraining, extraKeywords, options, HeldOut::isHeldOut);
    }

    /** As above with another split; choosing options on a validation part of the training part uses it. */
    static Report evaluate(String name, Labelled data, int minTraining, Map<String, List<String>> extraKeywords, TextClassifier.Options options,
            Predicate<String> heldOut) {
        Map<String, Integer> trainingCounts = new HashMap<>();
        for (int i = 0; i < data.texts().size(); i++) {
            if (!heldOut.test(data.texts().get(i))) {
                trainingCounts.merge(data.labels().get(i), 1, Integer::sum);
            }
        }
        // class order: by training frequency, then name; rare labels merged into Other
        int threshold = Math.max(1, minTraining);
        TreeMap<String, Integer> kept = new TreeMap<>();
        trainingCounts.forEach((label, count) -> kept.merge(count < threshold ? OTHER : label, count, Integer::sum));
        List<String> classes = new ArrayList<>(kept.keySet());
        classes.sort((a, b) -> kept.get(b).equals(kept.get(a)) ? a.compareTo(b) : kept.get(b) - kept.get(a));

        List<String> trainTexts = new ArrayList<>();
        List<Integer> trainClasses = new ArrayList<>();
        List<String> testTexts = new ArrayList<>();
        List<Integer> testClasses = new ArrayList<>();
        for (int i = 0; i < data.texts().size(); i++) {
            String text = data.texts().get(i);
            String label = data.labels().get(i);
            int c = classes.indexOf(trainingCounts.getOrDefault(label, 0) < threshold ? OTHER : label);
            assertThat(c).as("class of " + label).isNotNegative();
            (heldOut.test(text) ? testTexts : trainTexts).add(text);
            (heldOut.test(text) ? testClasses : trainClasses).add(c);
        }
        int[] train = trainClasses.stream().mapToInt(Integer::intValue).toArray();
        int[] truth = testClasses.stream().mapToInt(Integer::intValue).toArray();

        List<Row> rows = new ArrayList<>();
        KeywordBaseline names = KeywordBaseline.fromNames(classes, train);
        int[] majority = new int[truth.length];
        Arrays.fill(majority, names.majority());
        rows.add(new Row(MAJORITY, ClassificationMetrics.of(truth, majority, classes)));
        rows.add(new Row(NAMES, ClassificationMetrics.of(truth, predict(names::predict, testTexts), classes)));
        if (extraKeywords != null) {
            Map<String, List<String>> present = new HashMap<>(extraKeywords);
            present.keySet().retainAll(classes);
            KeywordBaseline written = KeywordBaseline.fromNames(classes, train, present);
            rows.add(new Row(WRITTEN, ClassificationMetrics.of(truth, predict(written::predict, testTexts), classes)));
        }
        long started = System.nanoTime();
        TextClassifier model = TextClassifier.train(trainTexts, train, classes, options);
        double seconds = (System.nanoTime() - started) / 1e9;
        ClassificationMetrics learned = ClassificationMetrics.of(truth, predict(model::predict, testTexts), classes);
        rows.add(new Row(LEARNED, learned));
        int[] counts = new int[classes.size()];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = kept.get(classes.get(c));
        }
        int grouped = 0;
        for (int count : trainingCounts.values()) {
            grouped += count < threshold ? 1 : 0;
        }
        return new Report(name, trainTexts.size(), testTexts.size(), classes, counts, grouped, rows, learned, seconds);
    }

    private static int[] predict(ToIntFunction<String> predictor, List<String> texts) {
        int[] predicted = new int[texts.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = predictor.applyAsInt(texts.get(i));
        }
        return predicted;
    }

    static void print(Report report) {
        System.out.printf(Locale.ROOT, "%n%s: train=%d test=%d classes=%d (%d labels grouped into %s) train_seconds=%.1f%n", report.name(),
                report.train(), report.test(), report.classes().size(), report.grouped(), OTHER, report.trainSeconds());
        System.out.printf(Locale.ROOT, "  %-36s %8s %8s%n", "predictor", "accuracy", "macro-F1");
        for (Row row : report.rows()) {
            System.out.printf(Locale.ROOT, "  %-36s %8.3f %8.3f%n", row.predictor(), row.metrics().accuracy(), row.metrics().macroF1());
        }
        System.out.printf(Locale.ROOT, "  learned, per class:%n  %-82s %5s %5s %9s %6s %5s%n", "class", "train", "test", "precision", "recall",
                "F1");
        List<ClassificationMetrics.PerClass> perClass = report.learned().perClass();
        for (int c = 0; c < perClass.size(); c++) {
            ClassificationMetrics.PerClass figures = perClass.get(c);
            System.out.printf(Locale.ROOT, "  %-82s %5d %5d %9.3f %6.3f %5.3f%n", figures.label(), report.trainCounts()[c], figures.support(),
                    figures.precision(), figures.recall(), figures.f1());
        }
    }

    private static void assertBeats(Report report, String baseline, double margin) {
        assertThat(report.macroF1(LEARNED)).as(report.name() + ": learned macro-F1 vs " + baseline)
                .isGreaterThan(report.macroF1(baseline) + margin);
    }

    @Test
    void airlineTweetReasons() throws IOException {
        Labelled reasons = readAirlineReasons();
        Report withoutCantTell = evaluate("twitter_us_airline_sentiment, negativereason without Can't Tell", without(reasons, CANT_TELL), 0,
                AIRLINE_KEYWORDS, OPTIONS);
        Report withCantTell = evaluate("twitter_us_airline_sentiment, negativereason with Can't Tell", reasons, 0, AIRLINE_KEYWORDS, OPTIONS);
        print(withoutCantTell);
        print(withCantTell);

        assertThat(withoutCantTell.classes()).hasSize(9).doesNotContain(CANT_TELL);
        assertThat(withCantTell.classes()).hasSize(10).contains(CANT_TELL);
        for (Report report : List.of(withoutCantTell, withCantTell)) {
            assertBeats(report, MAJORITY, 0.30);
            assertBeats(report, NAMES, 0.08);
            // observed 0.04 and 0.09 above the hand-written keywords: the learned model's lead is real but not large
            assertBeats(report, WRITTEN, 0.02);
        }
    }

    @Test
    void cfpbComplaintIssues() throws IOException {
        Report report = evaluate("cfpb_complaints_sample, Issue (under " + MIN_TRAINING_EXAMPLES + " training complaints: Other)", readCfpbIssues(),
                MIN_TRAINING_EXAMPLES, null, OPTIONS);
        print(report);

        assertThat(report.train() + report.test()).isGreaterThan(1_400);
        assertBeats(report, MAJORITY, 0.25);
        assertBeats(report, NAMES, 0.15);
    }
}
