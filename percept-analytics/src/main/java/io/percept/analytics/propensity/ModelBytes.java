package io.percept.analytics.propensity;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a {@link PropensityModel}: a magic number and version, the schema, the
 * encoder's statistics, the classifier (with its provenance) and the calibrator, big-endian.
 */
final class ModelBytes {

    private static final int MAGIC = 0x50505231;
    private static final int VERSION = 1;

    private ModelBytes() {
    }

    static byte[] write(PropensityModel model) {
        Writer out = new Writer();
        out.putInt(MAGIC).putInt(VERSION);
        Schema schema = model.schema();
        out.putInt(schema.size());
        for (int c = 0; c < schema.size(); c++) {
            out.putString(schema.column(c).name()).putInt(schema.column(c).type().ordinal());
            FeatureEncoder.Encoding encoding = model.encoder().encodings().get(c);
            if (encoding instanceof FeatureEncoder.Numeric numeric) {
                out.putDouble(numeric.median()).putDouble(numeric.mean()).putDouble(numeric.sd()).putInt(numeric.indicator() ? 1 : 0);
            } else {
                List<String> levels = ((FeatureEncoder.Categorical) encoding).levels();
                out.putInt(levels.size());
                for (String level : levels) {
                    out.putString(level);
                }
            }
        }
        Provenance provenance = model.classifier().provenance();
        out.putString(provenance.algorithm()).putString(provenance.options()).putInt(provenance.examples()).putInt(provenance.positives())
                .putLong(provenance.fingerprint());
        if (model.classifier() instanceof LogisticRegression.Model logistic) {
            out.putInt(0).putDouble(logistic.intercept()).putInt(logistic.iterations()).putDoubles(logistic.coefficients())
                    .putDoubles(logistic.means());
        } else {
            GradientBoostedTrees.Model trees = (GradientBoostedTrees.Model) model.classifier();
            out.putInt(1).putDouble(trees.bias()).putInt(trees.maxDepth()).putInts(trees.roots()).putInts(trees.feature())
                    .putDoubles(trees.threshold()).putInts(trees.left()).putInts(trees.right()).putDoubles(trees.value())
                    .putDoubles(trees.cover());
        }
        Calibration.Calibrator calibrator = model.calibrator();
        if (calibrator instanceof Calibration.Platt platt) {
            out.putInt(1).putDouble(platt.slope()).putDouble(platt.intercept());
        } else if (calibrator instanceof Calibration.Isotonic isotonic) {
            out.putInt(2).putDoubles(isotonic.margins()).putDoubles(isotonic.probabilities());
        } else {
            out.putInt(0);
        }
        return out.bytes();
    }

    static PropensityModel read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a Percept propensity model");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("propensity model version " + version + " is not supported (only " + VERSION + ")");
            }
            int columns = length(in, 8);
            List<Schema.Column> schema = new ArrayList<>(columns);
            List<FeatureEncoder.Encoding> encodings = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++) {
                String name = string(in);
                Schema.Type type = Schema.Type.values()[in.getInt()];
                schema.add(new Schema.Column(name, type));
                if (type == Schema.Type.NUMERIC) {
                    encodings.add(new FeatureEncoder.Numeric(name, in.getDouble(), in.getDouble(), in.getDouble(), in.getInt() == 1));
                } else {
                    int count = length(in, 4);
                    List<String> levels = new ArrayList<>(count);
                    for (int k = 0; k < count; k++) {
                        levels.add(string(in));
                    }
                    encodings.add(new FeatureEncoder.Categorical(name, levels));
                }
            }
            FeatureEncoder encoder = new FeatureEncoder(new Schema(schema), encodings);
            List<String> names = encoder.featureNames();
            Provenance provenance = new Provenance(string(in), string(in), in.getInt(), in.getInt(), in.getLong());
            Classifier classifier;
            int kind = in.getInt();
            if (kind == 0) {
                double intercept = in.getDouble();
                int iterations = in.getInt();
                classifier = new LogisticRegression.Model(names, intercept, doubles(in), doubles(in), iterations, provenance);
            } else if (kind == 1) {
                double bias = in.getDouble();
                int maxDepth = in.getInt();
                classifier = new GradientBoostedTrees.Model(names, bias, ints(in), ints(in), doubles(in), ints(in), ints(in), doubles(in),
                        doubles(in), maxDepth, provenance);
            } else {
                throw new IllegalArgumentException("unknown classifier kind " + kind);
            }
            int calibration = in.getInt();
            Calibration.Calibrator calibrator;
            if (calibration == 1) {
                calibrator = new Calibration.Platt(in.getDouble(), in.getDouble());
            } else if (calibration == 2) {
                calibrator = new Calibration.Isotonic(doubles(in), doubles(in));
            } else if (calibration == 0) {
                calibrator = new Calibration.Identity();
            } else {
                throw new IllegalArgumentException("unknown calibration kind " + calibration);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes follow the model");
            }
            return new PropensityModel(encoder, classifier, calibrator);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("the propensity model's bytes are truncated or corrupt", e);
        }
    }

    /** A length read from {@code in}, checked against the bytes left for items of {@code size} bytes. */
    private static int length(ByteBuffer in, int size) {
        int length = in.getInt();
        if (length < 0 || (long) length * size > in.remaining()) {
            throw new IllegalArgumentException("the propensity model's bytes are truncated or corrupt: a length of " + length);
        }
        return length;
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[length(in, 1)];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static double[] doubles(ByteBuffer in) {
        double[] values = new double[length(in, 8)];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + 8 * values.length);
        return values;
    }

    private static int[] ints(ByteBuffer in) {
        int[] values = new int[length(in, 4)];
        in.asIntBuffer().get(values);
        in.position(in.position() + 4 * values.length);
        return values;
    }

    /** A growable big-endian buffer. */
    private static final class Writer {

        private ByteBuffer buffer = ByteBuffer.allocate(4_096);

        private Writer ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
            return this;
        }

        Writer putInt(int value) {
            ensure(4).buffer.putInt(value);
            return this;
        }

        Writer putLong(long value) {
            ensure(8).buffer.putLong(value);
            return this;
        }

        Writer putDouble(double value) {
            ensure(8).buffer.putDouble(value);
            return this;
        }

        Writer putString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            putInt(bytes.length);
            ensure(bytes.length).buffer.put(bytes);
            return this;
        }

        Writer putDoubles(double[] values) {
            putInt(values.length);
            ensure(8 * values.length);
            buffer.asDoubleBuffer().put(values);
            buffer.position(buffer.position() + 8 * values.length);
            return this;
        }

        Writer putInts(int[] values) {
            putInt(values.length);
            ensure(4 * values.length);
            buffer.asIntBuffer().put(values);
            buffer.position(buffer.position() + 4 * values.length);
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
