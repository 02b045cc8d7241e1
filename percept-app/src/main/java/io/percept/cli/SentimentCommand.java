package io.percept.cli;

import io.percept.analytics.text.ClassificationMetrics;
import io.percept.analytics.text.HeldOut;
import io.percept.analytics.text.TextClassifier;
import io.percept.ingest.imports.TableFile;
import io.percept.perception.Sentiment;
import io.percept.perception.TextCorpus;
import io.percept.perception.TextModels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code percept sentiment}: scores the texts of a file, and with labels, how well. */
@Command(name = "sentiment",
        description = {"Score the sentiment of each text of a CSV, TSV, JSONL or TXT file (a TXT line is a text; a label, if any, "
                + "follows its last tab). With --label-column, compare with the labels: prints accuracy, macro-F1 and texts/s, and "
                + "the last line is `accuracy=... macro_f1=... texts_per_s=...`. Labels: negative/neutral/positive, neg/pos, 0/1. "
                + "When the labels hold no neutral text, every text is scored negative or positive."},
        footer = {"", "Exit codes: 0 scored, 1 failed, 2 usage error."})
final class SentimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lang", required = true, paramLabel = "zh|en", description = "The texts' language")
    String language;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The file to score")
    Path input;

    @Option(names = "--text-column", defaultValue = "text", paramLabel = "C", description = "The texts' column (default: ${DEFAULT-VALUE})")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "L", description = "The labels' column, to evaluate (for TXT: tab_label)")
    String labelColumn;

    @Option(names = "--model", paramLabel = "FILE", description = "A model from `percept train sentiment` (default: the shipped one)")
    Path model;

    @Option(names = "--held-out", description = "Only the seeded fifth of the texts the shipped models were never trained on")
    boolean heldOut;

    @Option(names = "--neutral-band", defaultValue = "0.2", paramLabel = "B",
            description = "Scores within B of 0 are neutral, when neutral is possible (default: ${DEFAULT-VALUE})")
    double neutralBand;

    @Option(names = "--skip-lines", defaultValue = "0", paramLabel = "N", description = "Lines before the header to skip")
    int skipLines;

    @Option(names = "--out", paramLabel = "FILE", description = "Write each text's label and score here as TSV (label, score, text); "
            + "without --out and without labels they go to standard output")
    Path out;

    private static final int WARM_UP_TEXTS = 5_000;

    private record Scored(String text, String truth) {
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"zh".equals(language) && !"en".equals(language)) {
            err.println("percept sentiment: --lang must be zh or en, was '" + language + "'");
            return 2;
        }
        if (!Files.isRegularFile(input)) {
            err.println("percept sentiment: no such file: " + input);
            return 2;
        }
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        try {
            TextClassifier classifier = TextModels.sentiment(language, model);
            List<Scored> texts = read(progress);
            progress.finish();
            boolean labelled = labelColumn != null;
            boolean neutralPossible = labelled ? texts.stream().anyMatch(t -> Sentiment.parse(t.truth()) == Sentiment.NEUTRAL) : true;
            double band = neutralPossible ? neutralBand : 0;
            int positive = classifier.labels().indexOf(Sentiment.POSITIVE.wireName());
            int negative = classifier.labels().indexOf(Sentiment.NEGATIVE.wireName());
            if (positive < 0 || negative < 0) {
                err.println("percept sentiment: the model's labels " + classifier.labels() + " are not negative and positive");
                return 2;
            }
            double[] scores = new double[texts.size()];
            // a short untimed pass first, so texts/s measures the compiled scorer, not the JIT warming up
            for (int i = 0; i < Math.min(texts.size(), WARM_UP_TEXTS); i++) {
                scores[i] = classifier.probabilities(texts.get(i).text())[positive];
            }
            long started = System.nanoTime();
            for (int i = 0; i < scores.length; i++) {
                double[] probabilities = classifier.probabilities(texts.get(i).text());
                scores[i] = probabilities[positive] - probabilities[negative];
            }
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            double perSecond = texts.size() / seconds;
            int[] counts = new int[3];
            int[] truth = new int[texts.size()];
            int[] predicted = new int[texts.size()];
            for (int i = 0; i < scores.length; i++) {
                predicted[i] = Sentiment.of(scores[i], band).ordinal();
                counts[predicted[i]]++;
                if (labelled) {
                    truth[i] = Sentiment.parse(texts.get(i).truth()).ordinal();
                }
            }
            if (out != null || !labelled) {
                write(texts, scores, predicted, stdout);
            }
            stdout.printf(Locale.ROOT, "scored %,d texts in %.2f s: %,d negative, %,d neutral, %,d positive (%s)%n", texts.size(), seconds,
                    counts[0], counts[1], counts[2], classifier);
            if (!labelled) {
                stdout.printf(Locale.ROOT, "texts=%d negative=%d neutral=%d positive=%d texts_per_s=%.0f%n", texts.size(), counts[0], counts[1],
                        counts[2], perSecond);
                return 0;
            }
            List<String> names = List.of(Sentiment.NEGATIVE.wireName(), Sentiment.NEUTRAL.wireName(), Sentiment.POSITIVE.wireName());
            ClassificationMetrics metrics = ClassificationMetrics.of(truth, predicted, names);
            TrainCommand.printClasses(stdout, metrics);
            stdout.printf(Locale.ROOT, "accuracy=%.4f macro_f1=%.4f texts_per_s=%.0f%n", metrics.accuracy(), metrics.macroF1(), perSecond);
            return 0;
        } catch (IllegalArgumentException e) {
            progress.finish();
            err.println("percept sentiment: " + e.getMessage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            progress.finish();
            err.println("percept sentiment: " + e.getMessage());
            return 1;
        }
    }

    /** The file's texts (and labels); records with a blank text or an unknown label are counted and skipped. */
    private List<Scored> read(ProgressPrinter progress) throws IOException {
        boolean plain = TableFile.Kind.of(input) == TableFile.Kind.TXT;
        String textField = plain ? TableFile.TEXT : textColumn;
        String labelField = plain && labelColumn != null ? TableFile.TAB_LABEL : labelColumn;
        List<Scored> texts = new ArrayList<>();
        long skipped = 0;
        try (TableFile file = TableFile.open(input, TableFile.Kind.of(input), skipLines)) {
            List<String> columns = file.columns();
            for (String column : labelField == null ? List.of(textField) : List.of(textField, labelField)) {
                if (!columns.isEmpty() && !columns.contains(column)) {
                    throw new IllegalArgumentException(input + " has no column '" + column + "'; it has " + columns);
                }
            }
            TableFile.Record record;
            long records = 0;
            while ((record = file.next()) != null) {
                if ((++records & 4095) == 0) {
                    progress.show(file.fractionDone(), records, "records");
                }
                String text = record.problem() == null ? TextCorpus.clean(record.get(textField)) : "";
                String label = labelField == null ? null : record.get(labelField);
                if (text.isEmpty() || (labelField != null && Sentiment.parse(label) == null) || (heldOut && !HeldOut.isHeldOut(text))) {
                    skipped += heldOut && !text.isEmpty() && !HeldOut.isHeldOut(text) ? 0 : 1;
                    continue;
                }
                texts.add(new Scored(text, label));
            }
        }
        if (skipped > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "percept sentiment: skipped %,d records without a text%s%n", skipped,
                    labelField == null ? "" : " or a known label");
        }
        return texts;
    }

    private void write(List<Scored> texts, double[] scores, int[] predicted, PrintWriter stdout) throws IOException {
        Sentiment[] labels = Sentiment.values();
        if (out == null) {
            for (int i = 0; i < texts.size(); i++) {
                stdout.printf(Locale.ROOT, "%s\t%.4f\t%s%n", labels[predicted[i]].wireName(), scores[i], oneLine(texts.get(i).text()));
            }
            return;
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writer.write("label\tscore\ttext\n");
            for (int i = 0; i < texts.size(); i++) {
                writer.write(String.format(Locale.ROOT, "%s\t%.4f\t%s%n", labels[predicted[i]].wireName(), scores[i], oneLine(texts.get(i).text())));
            }
        }
    }

    private static String oneLine(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
