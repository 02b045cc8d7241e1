package io.percept.cli;

import io.percept.analytics.text.ClassificationMetrics;
import io.percept.perception.TextCorpus;
import io.percept.perception.TextModelTraining;
import io.percept.perception.TextModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code percept train sentiment|topics}: a text model from a user's own labelled texts. */
@Command(name = "train",
        description = "Train a text model from labelled texts and write a model file that `serve` loads "
                + "(percept.perception.models.*, see docs/models.md).",
        subcommands = {TrainCommand.Sentiment.class, TrainCommand.Topics.class},
        footer = {"", "Exit codes: 0 trained, 1 failed, 2 usage error."})
final class TrainCommand {

    /** Where the labelled texts are and where the model goes. */
    static final class Inputs {

        @Option(names = "--lang", required = true, paramLabel = "zh|en", description = "The texts' language")
        String language;

        @Option(names = "--input", paramLabel = "FILE", description = "A CSV, TSV, JSONL or TXT file of labelled texts (repeatable). "
                + "In a TXT file each line is a text and its label follows the last tab.")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--texts", paramLabel = "LABEL=FILE", description = "A file whose texts all have LABEL, e.g. a TXT file of "
                + "negative reviews, one per line (repeatable)")
        Map<String, Path> labelledFiles = new java.util.LinkedHashMap<>();

        @Option(names = "--text-column", defaultValue = "text", paramLabel = "C", description = "The texts' column (default: ${DEFAULT-VALUE})")
        String textColumn;

        @Option(names = "--label-column", defaultValue = "label", paramLabel = "L", description = "The labels' column (default: ${DEFAULT-VALUE})")
        String labelColumn;

        @Option(names = "--skip-lines", defaultValue = "0", paramLabel = "N", description = "Lines before the header to skip in CSV inputs")
        int skipLines;

        @Option(names = "--hold-out", description = "Keep a seeded fifth of the texts out of training and report the model's figures on it")
        boolean holdOut;

        @Option(names = "--balance-inputs", description = "Count every input equally: repeat the texts of smaller inputs (up to ten "
                + "times) to match the largest")
        boolean balance;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write")
        Path out;

        String invalid() {
            if (!"zh".equals(language) && !"en".equals(language)) {
                return "--lang must be zh or en, was '" + language + "'";
            }
            if (inputs.isEmpty() && labelledFiles.isEmpty()) {
                return "give at least one --input or --texts";
            }
            List<Path> all = new ArrayList<>(inputs);
            all.addAll(labelledFiles.values());
            for (Path file : all) {
                if (!Files.isRegularFile(file)) {
                    return "no such file: " + file;
                }
            }
            if (skipLines < 0) {
                return "--skip-lines must be 0 or more";
            }
            return null;
        }

        List<TextCorpus.Input> corpusInputs() {
            List<TextCorpus.Input> result = new ArrayList<>();
            for (Path file : inputs) {
                boolean plain = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.txt(\\.gz)?");
                result.add(plain ? new TextCorpus.Input(file, "text", "tab_label", null, 0)
                        : new TextCorpus.Input(file, textColumn, labelColumn, null, skipLines));
            }
            labelledFiles.forEach((label, file) -> {
                boolean plain = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.txt(\\.gz)?");
                result.add(new TextCorpus.Input(file, plain ? "text" : textColumn, null, label, plain ? 0 : skipLines));
            });
            return result;
        }
    }

    abstract static class Training implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Inputs options = new Inputs();

        abstract String kind();

        abstract UnaryOperator<String> labelling();

        abstract TextModelTraining.Result train(TextCorpus corpus);

        List<TextCorpus.Input> inputs() {
            return options.corpusInputs();
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String invalid = options.invalid();
            if (invalid != null) {
                err.println("percept train " + kind() + ": " + invalid);
                return 2;
            }
            ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
            try {
                TextCorpus corpus = TextCorpus.read(inputs(), labelling(), (fraction, records) -> progress.show(fraction, records, "records"));
                progress.finish();
                TextCorpus.Stats stats = corpus.stats();
                out.printf(Locale.ROOT, "read %,d records: %,d distinct labelled texts, %,d repeats, %,d dropped for conflicting labels, "
                                + "%,d blank, %,d unreadable, %,d without a label learned%s%n", stats.records(), corpus.size(), stats.duplicates(),
                        stats.conflicting(), stats.blank(), stats.unreadable(), stats.unlabelled(),
                        stats.skippedLabels().isEmpty() ? "" : " " + stats.skippedLabels());
                TextModelTraining.Result result = train(corpus);
                TextModels.write(result.classifier(), options.out);
                out.printf(Locale.ROOT, "trained on %,d texts in %.1f s: %s%n", result.trained(), result.seconds(), result.classifier());
                StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "examples=%d", result.trained()));
                if (result.metrics() != null) {
                    ClassificationMetrics metrics = result.metrics();
                    printClasses(out, metrics);
                    last.append(String.format(Locale.ROOT, " held_out=%d accuracy=%.4f macro_f1=%.4f", result.heldOut(), metrics.accuracy(),
                            metrics.macroF1()));
                }
                last.append(String.format(Locale.ROOT, " seconds=%.1f bytes=%d model=%s", result.seconds(), Files.size(options.out),
                        options.out.toAbsolutePath()));
                out.println(last);
                return 0;
            } catch (IllegalArgumentException e) {
                progress.finish();
                err.println("percept train " + kind() + ": " + e.getMessage());
                return 2;
            } catch (IOException | UncheckedIOException e) {
                progress.finish();
                err.println("percept train " + kind() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    /** Per class: support, precision, recall and F1. */
    static void printClasses(PrintWriter out, ClassificationMetrics metrics) {
        out.printf(Locale.ROOT, "%-28s %8s %9s %7s %7s%n", "label", "texts", "precision", "recall", "f1");
        for (ClassificationMetrics.PerClass figures : metrics.perClass()) {
            out.printf(Locale.ROOT, "%-28s %8d %9.3f %7.3f %7.3f%n", figures.label(), figures.support(), figures.precision(), figures.recall(),
                    figures.f1());
        }
    }

    @Command(name = "sentiment", description = "Train a sentiment model (negative/positive; labels like 0/1, neg/pos, negative/positive; "
            + "neutral texts are skipped: neutral is the model's band of low confidence).")
    static final class Sentiment extends Training {

        @Override
        String kind() {
            return "sentiment";
        }

        @Override
        UnaryOperator<String> labelling() {
            return TextModelTraining::sentimentLabel;
        }

        @Override
        TextModelTraining.Result train(TextCorpus corpus) {
            return TextModelTraining.sentiment(corpus, options.language, options.holdOut, options.balance);
        }
    }

    @Command(name = "topics", description = "Train a topic (complaint reason) classifier: the labels are the topics. With "
            + "--labels-from-rules the taxonomy's keyword rules label the negative sentences of unlabelled texts instead.")
    static final class Topics extends Training {

        @Option(names = "--labels-from-rules", description = "Label negative sentences that name exactly one topic by the shipped "
                + "taxonomy's rules (weak supervision); the inputs need no label column")
        boolean fromRules;

        @Override
        List<TextCorpus.Input> inputs() {
            if (!fromRules) {
                return super.inputs();
            }
            List<TextCorpus.Input> unlabelled = new ArrayList<>();
            for (TextCorpus.Input input : super.inputs()) {
                unlabelled.add(new TextCorpus.Input(input.file(), input.textColumn(), null, "unlabelled", input.skipLines()));
            }
            return unlabelled;
        }

        @Override
        String kind() {
            return "topics";
        }

        @Override
        UnaryOperator<String> labelling() {
            return raw -> raw;
        }

        @Override
        TextModelTraining.Result train(TextCorpus corpus) {
            if (fromRules) {
                return TextModelTraining.topicsFromRules(corpus, options.language,
                        io.percept.perception.TextPerception.of(io.percept.perception.PerceptionSettings.defaults()), options.holdOut);
            }
            return TextModelTraining.topics(corpus, options.language, options.holdOut, options.balance);
        }
    }
}
