package io.percept.analytics.propensity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Table} as a dense feature matrix, with what it learned from the training rows: a
 * numeric column is imputed by its training median where missing and standardised by its training
 * mean and standard deviation (a constant column encodes as 0), plus a 0/1 indicator
 * {@code name:missing} when the training rows had missing values; a categorical column becomes one
 * 0/1 feature {@code name=level} per level seen at least {@code minLevelCount} times in training
 * (the {@code maxLevels} most frequent), and a missing, rare or unseen level encodes as all zeros.
 * The fitted encoder is part of the model: scoring encodes new rows with the training statistics.
 *
 * @param schema    the columns it reads
 * @param encodings one per schema column, in schema order
 */
public record FeatureEncoder(Schema schema, List<Encoding> encodings) {

    /**
     * @param maxLevels     one-hot features per categorical column, at most (1 to 10,000)
     * @param minLevelCount training rows a level needs to get its own feature (1 or more)
     */
    public record Options(int maxLevels, int minLevelCount) {

        public Options {
            if (maxLevels < 1 || maxLevels > 10_000) {
                throw new IllegalArgumentException("maxLevels must be between 1 and 10,000, was " + maxLevels);
            }
            if (minLevelCount < 1) {
                throw new IllegalArgumentException("minLevelCount must be 1 or more, was " + minLevelCount);
            }
        }

        /** Up to 50 levels per column, each seen at least 5 times. */
        public static Options defaults() {
            return new Options(50, 5);
        }
    }

    /** How one column is encoded. */
    public sealed interface Encoding permits Numeric, Categorical {

        /** The column's name. */
        String column();

        /** How many features it encodes to. */
        int width();
    }

    /**
     * A numeric column: {@code (x - mean) / sd} with missing values replaced by {@code median}.
     *
     * @param indicator whether a {@code column:missing} feature follows
     */
    public record Numeric(String column, double median, double mean, double sd, boolean indicator) implements Encoding {

        public Numeric {
            if (!Double.isFinite(median) || !Double.isFinite(mean) || !(sd > 0) || !Double.isFinite(sd)) {
                throw new IllegalArgumentException("column " + column + " has invalid statistics: median " + median + ", mean " + mean + ", sd " + sd);
            }
        }

        @Override
        public int width() {
            return indicator ? 2 : 1;
        }
    }

    /** A categorical column: one feature per level, in this order. */
    public record Categorical(String column, List<String> levels) implements Encoding {

        public Categorical {
            levels = List.copyOf(levels);
        }

        @Override
        public int width() {
            return levels.size();
        }
    }

    public FeatureEncoder {
        encodings = List.copyOf(encodings);
        if (encodings.size() != schema.size()) {
            throw new IllegalArgumentException("need one encoding per column: " + encodings.size() + " for " + schema.size());
        }
        for (int c = 0; c < encodings.size(); c++) {
            Encoding encoding = encodings.get(c);
            Schema.Column column = schema.column(c);
            boolean fits = column.type() == Schema.Type.NUMERIC ? encoding instanceof Numeric : encoding instanceof Categorical;
            if (!fits || !encoding.column().equals(column.name())) {
                throw new IllegalArgumentException("encoding " + encoding + " does not fit column " + column);
            }
        }
    }

    /**
     * Learns the encoding from the training rows.
     *
     * @throws IllegalArgumentException if the table is empty or a numeric column has no value at all
     */
    public static FeatureEncoder fit(Table table, Options options) {
        if (table.rows() == 0) {
            throw new IllegalArgumentException("cannot fit an encoder on no rows");
        }
        List<Encoding> encodings = new ArrayList<>();
        for (int c = 0; c < table.schema().size(); c++) {
            String name = table.schema().column(c).name();
            Object values = table.columns().get(c);
            encodings.add(values instanceof double[] numbers ? numeric(name, numbers) : categorical(name, (String[]) values, options));
        }
        return new FeatureEncoder(table.schema(), encodings);
    }

    private static Numeric numeric(String name, double[] values) {
        double[] present = new double[values.length];
        int count = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                present[count++] = value;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("numeric column " + name + " has no value in the training rows");
        }
        double[] sorted = Arrays.copyOf(present, count);
        Arrays.sort(sorted);
        double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
        int missing = values.length - count;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += sorted[i];
        }
        sum += missing * median;
        double mean = sum / values.length;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            squares += (sorted[i] - mean) * (sorted[i] - mean);
        }
        squares += missing * (median - mean) * (median - mean);
        double sd = Math.sqrt(squares / values.length);
        return new Numeric(name, median, mean, sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1, missing > 0);
    }

    private static Categorical categorical(String name, String[] values, Options options) {
        Map<String, Integer> counts = new HashMap<>();
        for (String value : values) {
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> levels = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : entries) {
            if (entry.getValue() >= options.minLevelCount() && levels.size() < options.maxLevels()) {
                levels.add(entry.getKey());
            }
        }
        return new Categorical(name, levels);
    }

    /** The number of features. */
    public int width() {
        int width = 0;
        for (Encoding encoding : encodings) {
            width += encoding.width();
        }
        return width;
    }

    /** The features' names: {@code column}, {@code column:missing}, {@code column=level}. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width());
        for (Encoding encoding : encodings) {
            if (encoding instanceof Numeric numeric) {
                names.add(numeric.column());
                if (numeric.indicator()) {
                    names.add(numeric.column() + ":missing");
                }
            } else {
                for (String level : ((Categorical) encoding).levels()) {
                    names.add(encoding.column() + "=" + level);
                }
            }
        }
        return names;
    }

    /** For each feature, the schema column it comes from. */
    public int[] featureColumns() {
        int[] columns = new int[width()];
        int at = 0;
        for (int c = 0; c < encodings.size(); c++) {
            for (int k = 0; k < encodings.get(c).width(); k++) {
                columns[at++] = c;
            }
        }
        return columns;
    }

    /**
     * Encodes every row of {@code table} (same schema) into a new row-major matrix.
     *
     * @throws IllegalArgumentException if the table's schema is not this encoder's
     */
    public double[][] encode(Table table) {
        return encode(table, 0, table.rows());
    }

    /**
     * Encodes rows {@code from} (inclusive) to {@code to} (exclusive) of {@code table} into a new
     * row-major matrix, so that a large table can be scored in slices.
     *
     * @throws IllegalArgumentException if the table's schema is not this encoder's or the range is outside it
     */
    public double[][] encode(Table table, int from, int to) {
        if (!table.schema().equals(schema)) {
            throw new IllegalArgumentException("the table's schema " + table.schema() + " is not the encoder's " + schema);
        }
        if (from < 0 || to > table.rows() || from > to) {
            throw new IllegalArgumentException("rows " + from + " to " + to + " are outside the table's " + table.rows());
        }
        int width = width();
        double[][] x = new double[to - from][width];
        int offset = 0;
        for (int c = 0; c < encodings.size(); c++) {
            Encoding encoding = encodings.get(c);
            Object values = table.columns().get(c);
            if (encoding instanceof Numeric numeric) {
                double[] numbers = (double[]) values;
                double scale = 1 / numeric.sd();
                double imputed = (numeric.median() - numeric.mean()) * scale;
                for (int r = 0; r < x.length; r++) {
                    double value = numbers[from + r];
                    if (Double.isNaN(value)) {
                        x[r][offset] = imputed;
                        if (numeric.indicator()) {
                            x[r][offset + 1] = 1;
                        }
                    } else {
                        x[r][offset] = (value - numeric.mean()) * scale;
                    }
                }
            } else {
                Map<String, Integer> index = levelIndex((Categorical) encoding);
                String[] levels = (String[]) values;
                for (int r = 0; r < x.length; r++) {
                    String level = levels[from + r];
                    if (level != null) {
                        Integer k = index.get(level);
                        if (k != null) {
                            x[r][offset + k] = 1;
                        }
                    }
                }
            }
            offset += encoding.width();
        }
        return x;
    }

    private static Map<String, Integer> levelIndex(Categorical categorical) {
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < categorical.levels().size(); k++) {
            index.put(categorical.levels().get(k), k);
        }
        return index;
    }
}
