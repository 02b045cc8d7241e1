package io.percept.perception;

import io.percept.analytics.text.TextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where text models come from: a file a user trained ({@code percept train}), or the model shipped
 * in the jar ({@code /models/sentiment-zh.ptc}, {@code /models/sentiment-en.ptc}), trained by the
 * project on public review sets (see docs/models.md).
 */
public final class TextModels {

    private TextModels() {
    }

    /** The shipped sentiment model for {@code language} ({@code zh} or {@code en}). */
    public static TextClassifier shippedSentiment(String language) {
        TextModelTraining.features(language);
        return resource("/models/sentiment-" + language + ".ptc");
    }

    /** The sentiment model for {@code language}: {@code file} when given, else the shipped one. */
    public static TextClassifier sentiment(String language, Path file) {
        return file != null ? read(file) : shippedSentiment(language);
    }

    /**
     * Reads a model file.
     *
     * @throws UncheckedIOException     if it cannot be read
     * @throws IllegalArgumentException if it is not a Percept model
     */
    public static TextClassifier read(Path file) {
        try {
            return TextClassifier.fromBytes(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is " + e.getMessage(), e);
        }
    }

    /** Writes {@code model} to {@code file} (parent directories created), atomically. */
    public static void write(TextClassifier model, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.write(temporary, model.toBytes());
        Files.move(temporary, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static TextClassifier resource(String name) {
        try (InputStream in = TextModels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the model " + name);
            }
            return TextClassifier.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + name, e);
        }
    }
}
