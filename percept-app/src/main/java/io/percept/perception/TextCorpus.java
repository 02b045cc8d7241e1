package io.percept.perception;

import io.percept.ingest.imports.TableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Labelled texts read from files, for training and evaluating text models: CSV, TSV, JSONL or plain
 * text (see {@link TableFile}). Texts are cleaned (byte-order marks removed, whitespace stripped)
 * and deduplicated: a text seen twice with the same label counts once, a text seen with two labels
 * is dropped (the public review sets have both).
 */
public final class TextCorpus {

    /**
     * One file to read.
     *
     * @param file        the file
     * @param textColumn  the text's column (for plain text, {@code text})
     * @param labelColumn the label's column, or {@code null} when {@code fixedLabel} applies
     * @param fixedLabel  the label of every text of the file, or {@code null}
     * @param skipLines   lines before the header that are not part of the table
     */
    public record Input(Path file, String textColumn, String labelColumn, String fixedLabel, int skipLines) {

        public Input {
            if (textColumn == null || textColumn.isBlank()) {
                throw new IllegalArgumentException("a text column is needed for " + file);
            }
            if ((labelColumn == null) == (fixedLabel == null)) {
                throw new IllegalArgumentException("give " + file + " either a label column or a fixed label, not both or neither");
            }
        }
    }

    /**
     * What reading found.
     *
     * @param records     records read
     * @param blank       records without text
     * @param unlabelled  records whose label was empty or not one the model learns (see {@code skippedLabels})
     * @param unreadable  records the reader could not parse
     * @param duplicates  repeated texts with the same label, counted once
     * @param conflicting distinct texts dropped for carrying two labels
     * @param skippedLabels the labels skipped and how often
     */
    public record Stats(long records, long blank, long unlabelled, long unreadable, long duplicates, long conflicting,
                        Map<String, Long> skippedLabels) {
    }

    /** Told how far reading is. */
    @FunctionalInterface
    public interface Progress {

        /** {@code fraction} of the inputs (0 to 1) read, {@code records} records so far. */
        void read(double fraction, long records);
    }

    private static final String CONFLICT = "\u0000conflict";

    private final Map<String, String> labels;
    private final Map<String, Integer> sources;
    private final Stats stats;

    private TextCorpus(Map<String, String> labels, Map<String, Integer> sources, Stats stats) {
        this.labels = labels;
        this.sources = sources;
        this.stats = stats;
    }

    /**
     * Reads {@code inputs}.
     *
     * @param labelling maps a raw label to the label learned, or to {@code null} to skip the record
     * @param progress  told how far reading is, now and then
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file lacks a column it was asked to read
     */
    public static TextCorpus read(List<Input> inputs, UnaryOperator<String> labelling, Progress progress) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> sources = new java.util.HashMap<>();
        Map<String, Long> skipped = new TreeMap<>();
        long records = 0;
        long blank = 0;
        long unlabelled = 0;
        long unreadable = 0;
        long duplicates = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            try (TableFile file = TableFile.open(input.file(), TableFile.Kind.of(input.file()), input.skipLines())) {
                List<String> columns = file.columns();
                for (String column : input.labelColumn() == null ? List.of(input.textColumn()) : List.of(input.textColumn(), input.labelColumn())) {
                    if (!columns.isEmpty() && !columns.contains(column)) {
                        throw new IllegalArgumentException(input.file() + " has no column '" + column + "'; it has " + columns);
                    }
                }
                TableFile.Record record;
                while ((record = file.next()) != null) {
                    records++;
                    if ((records & 4095) == 0) {
                        progress.read((i + file.fractionDone()) / inputs.size(), records);
                    }
                    if (record.problem() != null) {
                        unreadable++;
                        continue;
                    }
                    String text = clean(record.get(input.textColumn()));
                    if (text.isEmpty()) {
                        blank++;
                        continue;
                    }
                    String raw = input.fixedLabel() != null ? input.fixedLabel() : record.get(input.labelColumn());
                    String label = raw == null || raw.isBlank() ? null : labelling.apply(raw.strip());
                    if (label == null) {
                        unlabelled++;
                        skipped.merge(raw == null || raw.isBlank() ? "(empty)" : raw.strip(), 1L, Long::sum);
                        continue;
                    }
                    String before = labels.putIfAbsent(text, label);
                    sources.putIfAbsent(text, i);
                    if (before != null) {
                        if (before.equals(label)) {
                            duplicates++;
                        } else {
                            labels.put(text, CONFLICT);
                        }
                    }
                }
            }
        }
        progress.read(1, records);
        long conflicting = labels.values().stream().filter(CONFLICT::equals).count();
        labels.values().removeIf(CONFLICT::equals);
        return new TextCorpus(labels, sources, new Stats(records, blank, unlabelled, unreadable, duplicates, conflicting, skipped));
    }

    /** The text as models see it: byte-order marks removed, whitespace stripped; "" for null. */
    public static String clean(String text) {
        return text == null ? "" : text.replace("\uFEFF", "").strip();
    }

    /** Builds a corpus from texts already in memory (same cleaning and deduplication). */
    public static TextCorpus of(List<String> texts, List<String> textLabels) {
        if (texts.size() != textLabels.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + textLabels.size() + " labels");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        long duplicates = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = clean(texts.get(i));
            if (text.isEmpty() || textLabels.get(i) == null) {
                continue;
            }
            String before = labels.putIfAbsent(text, textLabels.get(i));
            if (before != null) {
                if (before.equals(textLabels.get(i))) {
                    duplicates++;
                } else {
                    labels.put(text, CONFLICT);
                }
            }
        }
        long conflicting = labels.values().stream().filter(CONFLICT::equals).count();
        labels.values().removeIf(CONFLICT::equals);
        return new TextCorpus(labels, Map.of(), new Stats(texts.size(), 0, 0, 0, duplicates, conflicting, Map.of()));
    }

    public Stats stats() {
        return stats;
    }

    /** The distinct texts, in the order first read. */
    public List<String> texts() {
        return new ArrayList<>(labels.keySet());
    }

    /** Their labels, in the same order. */
    public List<String> labels() {
        return new ArrayList<>(labels.values());
    }

    /** Which input each text was first read from (index into the inputs; 0 for a corpus built in memory), in text order. */
    public int[] sources() {
        int[] result = new int[labels.size()];
        int i = 0;
        for (String text : labels.keySet()) {
            result[i++] = sources.getOrDefault(text, 0);
        }
        return result;
    }

    public int size() {
        return labels.size();
    }
}
