package io.percept.analytics.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multinomial logistic regression over sparse features, trained by stochastic gradient descent
 * with AdaGrad step sizes (Duchi, Hazan and Singer, JMLR 12, 2011) and L2 regularisation applied
 * to the weights each example touches. The examples are visited in a seeded random order, so the
 * same data, options and seed give the same model.
 */
public final class LinearClassifier {

    private LinearClassifier() {
    }

    /**
     * @param epochs       passes over the data (1 to 100)
     * @param learningRate AdaGrad's base step (greater than 0)
     * @param l2           L2 penalty per update (0 or more)
     * @param seed         the order of the examples
     */
    public record Options(int epochs, double learningRate, double l2, long seed) {

        public Options {
            if (epochs < 1 || epochs > 100) {
                throw new IllegalArgumentException("epochs must be between 1 and 100, was " + epochs);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
            }
            if (!(l2 >= 0)) {
                throw new IllegalArgumentException("l2 must be 0 or more, was " + l2);
            }
        }

        public static Options defaults() {
            return new Options(8, 0.5, 1e-7, 42);
        }
    }

    /**
     * Where a model came from.
     *
     * @param algorithm   always {@code logistic-regression-adagrad}
     * @param options     the training options
     * @param examples    how many examples it was trained on
     * @param fingerprint a hash of the training features and labels
     */
    public record Provenance(String algorithm, Options options, int examples, long fingerprint) {
    }

    /**
     * A trained model: {@code weights[class * dimensions + feature]}.
     *
     * @param labels     the class names, in class order
     * @param dimensions the feature space's size
     * @param weights    the weights, class-major
     * @param bias       one bias per class
     * @param provenance how it was made
     */
    public record Model(List<String> labels, int dimensions, float[] weights, float[] bias, Provenance provenance) {

        public Model {
            labels = List.copyOf(labels);
            if (weights.length != (long) labels.size() * dimensions || bias.length != labels.size()) {
                throw new IllegalArgumentException("weights and bias do not fit " + labels.size() + " classes of " + dimensions + " features");
            }
        }

        /** The probability of each class for {@code x}, in class order. */
        public double[] probabilities(SparseVector x) {
            double[] scores = scores(x);
            softmax(scores);
            return scores;
        }

        /** The most probable class. */
        public int predict(SparseVector x) {
            double[] scores = scores(x);
            int best = 0;
            for (int k = 1; k < scores.length; k++) {
                if (scores[k] > scores[best]) {
                    best = k;
                }
            }
            return best;
        }

        private double[] scores(SparseVector x) {
            double[] scores = new double[bias.length];
            LinearClassifier.scores(weights, bias, dimensions, x, scores);
            return scores;
        }

        /** The model as bytes (labels, dimensions, bias, weights; provenance as text), for a resource file. */
        public byte[] toBytes() {
            byte[] header = (String.join("\n", labels) + "\u0000" + provenance.algorithm() + "\u0000" + provenance.options().epochs() + ","
                    + provenance.options().learningRate() + "," + provenance.options().l2() + "," + provenance.options().seed() + ","
                    + provenance.examples() + "," + provenance.fingerprint()).getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + header.length + 4 + 4 * bias.length + 4 * weights.length);
            buffer.putInt(MAGIC).putInt(header.length).put(header).putInt(dimensions);
            for (float b : bias) {
                buffer.putFloat(b);
            }
            for (float w : weights) {
                buffer.putFloat(w);
            }
            return buffer.array();
        }

        /** Reads {@link #toBytes()}'s output. */
        public static Model fromBytes(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a Percept linear model");
            }
            byte[] header = new byte[buffer.getInt()];
            buffer.get(header);
            String[] parts = new String(header, StandardCharsets.UTF_8).split("\u0000", -1);
            List<String> labels = List.of(parts[0].split("\n", -1));
            String[] numbers = parts[2].split(",");
            Provenance provenance = new Provenance(parts[1], new Options(Integer.parseInt(numbers[0]), Double.parseDouble(numbers[1]),
                    Double.parseDouble(numbers[2]), Long.parseLong(numbers[3])), Integer.parseInt(numbers[4]), Long.parseLong(numbers[5]));
            int dimensions = buffer.getInt();
            float[] bias = new float[labels.size()];
            for (int k = 0; k < bias.length; k++) {
                bias[k] = buffer.getFloat();
            }
            float[] weights = new float[labels.size() * dimensions];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = buffer.getFloat();
            }
            return new Model(labels, dimensions, weights, bias, provenance);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model that && labels.equals(that.labels) && dimensions == that.dimensions
                    && Arrays.equals(weights, that.weights) && Arrays.equals(bias, that.bias) && provenance.equals(that.provenance);
        }

        @Override
        public int hashCode() {
            return 31 * labels.hashCode() + Arrays.hashCode(bias);
        }

        @Override
        public String toString() {
            return "Model" + labels + " over " + dimensions + " features (" + provenance + ")";
        }
    }

    private static final int MAGIC = 0x50434C4D;

    /**
     * Trains on {@code examples} with class indices {@code classes[i]} in {@code [0, labels.size())}.
     *
     * @throws IllegalArgumentException if the inputs do not line up or a class is out of range
     */
    public static Model train(List<SparseVector> examples, int[] classes, List<String> labels, int dimensions, Options options) {
        if (examples.size() != classes.length || examples.isEmpty()) {
            throw new IllegalArgumentException("need as many classes as examples, and at least one: " + examples.size() + " vs " + classes.length);
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("need at least two classes, got " + labels);
        }
        int k = labels.size();
        float[] weights = new float[k * dimensions];
        float[] squares = new float[k * dimensions];
        float[] bias = new float[k];
        float[] biasSquares = new float[k];
        long fingerprint = 1125899906842597L;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= k) {
                throw new IllegalArgumentException("example " + i + " has class " + classes[i] + ", outside 0.." + (k - 1));
            }
            fingerprint = 31 * fingerprint + classes[i];
            fingerprint = 31 * fingerprint + Arrays.hashCode(examples.get(i).indices());
        }
        int[] order = new int[classes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] scores = new double[k];
        float rate = (float) options.learningRate();
        float l2 = (float) options.l2();
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int example : order) {
                SparseVector x = examples.get(example);
                int[] indices = x.indices();
                float[] values = x.values();
                scores(weights, bias, dimensions, x, scores);
                softmax(scores);
                for (int c = 0; c < k; c++) {
                    float gradient = (float) (scores[c] - (c == classes[example] ? 1 : 0));
                    int offset = c * dimensions;
                    for (int i = 0; i < indices.length; i++) {
                        int at = offset + indices[i];
                        float g = gradient * values[i] + l2 * weights[at];
                        squares[at] += g * g;
                        weights[at] -= rate * g / (float) Math.sqrt(squares[at] + 1e-8f);
                    }
                    biasSquares[c] += gradient * gradient;
                    bias[c] -= rate * gradient / (float) Math.sqrt(biasSquares[c] + 1e-8f);
                }
            }
        }
        return new Model(labels, dimensions, weights, bias, new Provenance("logistic-regression-adagrad", options, classes.length, fingerprint));
    }

    /** Each class's score of {@code x} (bias plus weights times values) into {@code scores}. */
    private static void scores(float[] weights, float[] bias, int dimensions, SparseVector x, double[] scores) {
        int[] indices = x.indices();
        float[] values = x.values();
        for (int c = 0; c < bias.length; c++) {
            double score = bias[c];
            int offset = c * dimensions;
            for (int i = 0; i < indices.length; i++) {
                score += weights[offset + indices[i]] * values[i];
            }
            scores[c] = score;
        }
    }

    private static void softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            scores[c] = Math.exp(scores[c] - max);
            sum += scores[c];
        }
        for (int c = 0; c < scores.length; c++) {
            scores[c] /= sum;
        }
    }
}
