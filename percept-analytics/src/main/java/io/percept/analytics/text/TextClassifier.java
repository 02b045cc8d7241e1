package io.percept.analytics.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A text classifier ready to use: hashed n-gram features ({@link NGramHasher}), optionally
 * re-weighted by naive Bayes log-count ratios for two classes ({@link LogCountRatio}), scored by
 * a {@link LinearClassifier.Model}. Serialises compactly (non-default weights only, each quantised
 * to 16 bits against its vector's largest magnitude, deflated) so a trained model can ship as a
 * resource of a megabyte or two. Immutable and thread-safe.
 */
public final class TextClassifier {

    /**
     * @param features    the n-gram features
     * @param naiveBayes  whether to apply naive Bayes weighting (two classes only)
     * @param training    the classifier's training options
     */
    public record Options(NGramHasher.Options features, boolean naiveBayes, LinearClassifier.Options training) {
    }

    private static final int MAGIC = 0x50544331;
    private static final int QUANTA = 32767;

    private final NGramHasher hasher;
    private final LogCountRatio weighting;
    private final LinearClassifier.Model model;

    /**
     * @param weighting naive Bayes ratios, or {@code null} for none
     * @throws IllegalArgumentException if the parts disagree on the number of features
     */
    public TextClassifier(NGramHasher.Options features, LogCountRatio weighting, LinearClassifier.Model model) {
        this.hasher = new NGramHasher(features);
        this.weighting = weighting;
        this.model = model;
        if (model.dimensions() != hasher.dimensions() || (weighting != null && weighting.ratios().length != hasher.dimensions())) {
            throw new IllegalArgumentException("the model has " + model.dimensions() + " features, the hasher " + hasher.dimensions());
        }
    }

    /**
     * Trains on {@code texts} with class indices {@code classes[i]} into {@code labels}.
     *
     * @throws IllegalArgumentException on mismatched inputs, or naive Bayes weighting asked for more than two classes
     */
    public static TextClassifier train(List<String> texts, int[] classes, List<String> labels, Options options) {
        if (options.naiveBayes() && labels.size() != 2) {
            throw new IllegalArgumentException("naive Bayes weighting needs exactly two classes, got " + labels);
        }
        NGramHasher hasher = new NGramHasher(options.features());
        List<SparseVector> features = new ArrayList<>(texts.size());
        for (String text : texts) {
            features.add(hasher.features(text));
        }
        LogCountRatio weighting = null;
        if (options.naiveBayes()) {
            weighting = LogCountRatio.fit(features, classes, 1, hasher.dimensions(), 1.0);
            for (int i = 0; i < features.size(); i++) {
                features.set(i, weighting.apply(features.get(i)));
            }
        }
        LinearClassifier.Model model = LinearClassifier.train(features, classes, labels, hasher.dimensions(), options.training());
        return new TextClassifier(options.features(), weighting, model);
    }

    public List<String> labels() {
        return model.labels();
    }

    public NGramHasher.Options features() {
        return hasher.options();
    }

    public LinearClassifier.Model model() {
        return model;
    }

    /** Whether naive Bayes weighting is applied. */
    public boolean naiveBayes() {
        return weighting != null;
    }

    /** The features the model sees for {@code text}. */
    public SparseVector vector(String text) {
        SparseVector x = hasher.features(text);
        return weighting == null ? x : weighting.apply(x);
    }

    /** The probability of each class, in class order. */
    public double[] probabilities(String text) {
        return model.probabilities(vector(text));
    }

    /** The most probable class. */
    public int predict(String text) {
        return model.predict(vector(text));
    }

    // ---- compact form

    /** The classifier as deflated bytes; {@link #fromBytes} reads them back to within the 16-bit quantisation. */
    public byte[] toBytes() {
        byte[] inner = model.toBytes();
        ByteBuffer head = ByteBuffer.wrap(inner);
        head.getInt();
        int headerLength = head.getInt();
        byte[] header = Arrays.copyOfRange(inner, 8, 8 + headerLength);
        NGramHasher.Options f = hasher.options();
        List<float[]> vectors = new ArrayList<>();
        if (weighting != null) {
            vectors.add(weighting.ratios());
        }
        int dimensions = model.dimensions();
        for (int c = 0; c < model.labels().size(); c++) {
            vectors.add(Arrays.copyOfRange(model.weights(), c * dimensions, (c + 1) * dimensions));
        }
        Buffer out = new Buffer();
        writeInt(out, MAGIC);
        writeInt(out, f.bits());
        writeInt(out, f.minChars());
        writeInt(out, f.maxChars());
        out.write(f.words() ? 1 : 0);
        out.write(weighting != null ? 1 : 0);
        writeInt(out, header.length);
        out.write(header, 0, header.length);
        for (float b : model.bias()) {
            writeInt(out, Float.floatToIntBits(b));
        }
        for (float[] vector : vectors) {
            writeVector(out, vector);
        }
        return deflate(out.toByteArray());
    }

    /**
     * Reads {@link #toBytes()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a Percept text classifier
     */
    public static TextClassifier fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(inflate(bytes));
        if (in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a Percept text classifier");
        }
        NGramHasher.Options features = new NGramHasher.Options(in.getInt(), in.getInt(), in.getInt(), in.get() == 1);
        boolean naiveBayes = in.get() == 1;
        byte[] header = new byte[in.getInt()];
        in.get(header);
        int dimensions = 1 << features.bits();
        int classes = new String(header, StandardCharsets.UTF_8).split("\u0000", -1)[0].split("\n", -1).length;
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            bias[c] = Float.intBitsToFloat(in.getInt());
        }
        LogCountRatio weighting = naiveBayes ? new LogCountRatio(readVector(in, dimensions)) : null;
        float[] weights = new float[classes * dimensions];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(readVector(in, dimensions), 0, weights, c * dimensions, dimensions);
        }
        // the inner model format carries the labels and provenance: rebuild it around the decoded numbers
        ByteBuffer inner = ByteBuffer.allocate(8 + header.length + 4 + 4 * classes + 4 * weights.length);
        inner.putInt(0x50434C4D).putInt(header.length).put(header).putInt(dimensions);
        for (float b : bias) {
            inner.putFloat(b);
        }
        for (float w : weights) {
            inner.putFloat(w);
        }
        return new TextClassifier(features, weighting, LinearClassifier.Model.fromBytes(inner.array()));
    }

    /** A vector as: its most common value, then the others as (index gap, 16-bit value) pairs. */
    private static void writeVector(Buffer out, float[] vector) {
        float common = mode(vector);
        float largest = 0;
        int others = 0;
        for (float value : vector) {
            if (value != common) {
                largest = Math.max(largest, Math.abs(value - common));
                others++;
            }
        }
        writeInt(out, Float.floatToIntBits(common));
        writeInt(out, Float.floatToIntBits(largest));
        writeInt(out, others);
        int previous = -1;
        for (int i = 0; i < vector.length; i++) {
            if (vector[i] != common) {
                writeVarint(out, i - previous);
                previous = i;
            }
        }
        for (float value : vector) {
            if (value != common) {
                int q = Math.round((value - common) / largest * QUANTA);
                out.write(q >>> 8);
                out.write(q);
            }
        }
    }

    private static float[] readVector(ByteBuffer in, int dimensions) {
        float common = Float.intBitsToFloat(in.getInt());
        float largest = Float.intBitsToFloat(in.getInt());
        int others = in.getInt();
        float[] vector = new float[dimensions];
        Arrays.fill(vector, common);
        int[] at = new int[others];
        int previous = -1;
        for (int k = 0; k < others; k++) {
            previous += readVarint(in);
            at[k] = previous;
        }
        for (int k = 0; k < others; k++) {
            vector[at[k]] = common + in.getShort() * largest / QUANTA;
        }
        return vector;
    }

    private static float mode(float[] vector) {
        float[] sorted = vector.clone();
        Arrays.sort(sorted);
        float best = sorted.length == 0 ? 0 : sorted[0];
        int bestRun = 0;
        int run = 0;
        for (int i = 0; i < sorted.length; i++) {
            run = i > 0 && Float.compare(sorted[i], sorted[i - 1]) == 0 ? run + 1 : 1;
            if (run > bestRun) {
                bestRun = run;
                best = sorted[i];
            }
        }
        return best;
    }

    private static void writeInt(Buffer out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeVarint(Buffer out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static int readVarint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        Buffer out = new Buffer();
        byte[] chunk = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        Buffer out = new Buffer();
        byte[] chunk = new byte[1 << 16];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("not a Percept text classifier: the data ends early");
                }
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a Percept text classifier: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    /** A growable byte array (the module does no stream I/O, not even in memory). */
    private static final class Buffer {

        private byte[] data = new byte[1 << 16];
        private int length;

        void write(int b) {
            if (length == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[length++] = (byte) b;
        }

        void write(byte[] bytes, int offset, int count) {
            while (length + count > data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            System.arraycopy(bytes, offset, data, length, count);
            length += count;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(data, length);
        }
    }

    @Override
    public String toString() {
        return "TextClassifier" + model.labels() + " (" + hasher.options() + (weighting != null ? ", naive Bayes" : "") + ", "
                + model.provenance() + ")";
    }
}
