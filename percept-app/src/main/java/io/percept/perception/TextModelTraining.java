package io.percept.perception;

import io.percept.analytics.text.ClassificationMetrics;
import io.percept.analytics.text.HeldOut;
import io.percept.analytics.text.LinearClassifier;
import io.percept.analytics.text.NGramHasher;
import io.percept.analytics.text.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Trains Percept's text models from labelled texts: the sentiment model (two classes, negative and
 * positive; neutral texts are not learned, neutral is the band of low confidence) and topic models
 * (any labels). With {@code holdOut}, the fifth of the texts {@link HeldOut} picks is kept out of
 * training and the model is scored on it; without, every text is trained on.
 */
public final class TextModelTraining {

    /** The settings the shipped models were trained with, per language and kind. */
    static final LinearClassifier.Options CHINESE_SENTIMENT = new LinearClassifier.Options(5, 0.1, 1e-6, 42);
    static final LinearClassifier.Options ENGLISH_SENTIMENT = new LinearClassifier.Options(10, 0.1, 1e-6, 42);
    static final LinearClassifier.Options TOPICS = new LinearClassifier.Options(10, 0.1, 1e-6, 42);

    /**
     * A trained model and how it did.
     *
     * @param classifier the model
     * @param trained    texts trained on
     * @param heldOut    texts held out (0 without hold-out)
     * @param metrics    figures on the held-out texts, or {@code null} without hold-out
     * @param seconds    training time
     */
    public record Result(TextClassifier classifier, int trained, int heldOut, ClassificationMetrics metrics, double seconds) {
    }

    private TextModelTraining() {
    }

    /**
     * The label mapping for sentiment corpora: negative and positive are learned, anything else
     * (neutral, unknown) is skipped.
     */
    public static String sentimentLabel(String raw) {
        Sentiment sentiment = Sentiment.parse(raw);
        return sentiment == Sentiment.NEGATIVE || sentiment == Sentiment.POSITIVE ? sentiment.wireName() : null;
    }

    /** The features for a language: {@code zh} or {@code en}. */
    static NGramHasher.Options features(String language) {
        return switch (language) {
            case "zh" -> NGramHasher.Options.chinese();
            case "en" -> NGramHasher.Options.english();
            default -> throw new IllegalArgumentException("language must be zh or en, was '" + language + "'");
        };
    }

    /**
     * A sentiment model for {@code language} from a corpus labelled negative/positive.
     *
     * @param balance whether each input counts equally (the texts of smaller inputs are repeated, up
     *                to ten times, to match the largest), so a small in-domain set is not drowned by a
     *                large one from elsewhere
     */
    public static Result sentiment(TextCorpus corpus, String language, boolean holdOut, boolean balance) {
        boolean english = "en".equals(language);
        TextClassifier.Options options = new TextClassifier.Options(features(language), english,
                english ? ENGLISH_SENTIMENT : CHINESE_SENTIMENT);
        return train(corpus, List.of(Sentiment.NEGATIVE.wireName(), Sentiment.POSITIVE.wireName()), options, holdOut, balance);
    }

    /** A topic model for {@code language}: its labels are the corpus's, sorted; {@code balance} as for sentiment. */
    public static Result topics(TextCorpus corpus, String language, boolean holdOut, boolean balance) {
        List<String> labels = new ArrayList<>(new TreeSet<>(corpus.labels()));
        return train(corpus, labels, new TextClassifier.Options(features(language), false, TOPICS), holdOut, balance);
    }

    /**
     * A topic model for {@code language} taught by the taxonomy's rules (weak supervision): each
     * negative sentence of the corpus's texts whose rules name exactly one topic becomes an example of
     * that topic, so the model learns the words that come with each topic and can name it in
     * sentences no rule matches. Labels in the corpus are ignored.
     *
     * @throws IllegalArgumentException if the rules label fewer than two topics
     */
    public static Result topicsFromRules(TextCorpus corpus, String language, TextPerception perception, boolean holdOut) {
        List<String> sentences = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (String text : corpus.texts()) {
            TextAnalysis analysis = perception.analyze(text, language, false);
            if (!analysis.language().equals(language)) {
                continue;
            }
            for (TextAnalysis.SentenceAnalysis sentence : analysis.sentences()) {
                java.util.Set<String> named = new java.util.HashSet<>();
                boolean negative = false;
                for (TextAnalysis.TopicMention mention : sentence.topics()) {
                    named.add(mention.topic());
                    negative |= mention.sentiment() == Sentiment.NEGATIVE;
                }
                if (named.size() == 1 && negative) {
                    sentences.add(text.substring(sentence.start(), sentence.end()));
                    topics.add(named.iterator().next());
                }
            }
        }
        return topics(TextCorpus.of(sentences, topics), language, holdOut, false);
    }

    private static Result train(TextCorpus corpus, List<String> labels, TextClassifier.Options options, boolean holdOut, boolean balance) {
        TreeSet<String> present = new TreeSet<>(corpus.labels());
        if (labels.size() < 2 || present.size() < 2) {
            throw new IllegalArgumentException("need texts of at least two labels to learn from, found " + (present.isEmpty() ? "none" : present));
        }
        List<String> texts = corpus.texts();
        List<String> textLabels = corpus.labels();
        int[] sources = corpus.sources();
        int[] repeats = repeats(sources, balance);
        List<String> train = new ArrayList<>();
        List<Integer> trainClasses = new ArrayList<>();
        List<String> test = new ArrayList<>();
        List<Integer> testClasses = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int label = labels.indexOf(textLabels.get(i));
            if (label < 0) {
                throw new IllegalArgumentException("label '" + textLabels.get(i) + "' is not one of " + labels);
            }
            if (holdOut && HeldOut.isHeldOut(texts.get(i))) {
                test.add(texts.get(i));
                testClasses.add(label);
            } else {
                for (int r = 0; r < repeats[sources[i]]; r++) {
                    train.add(texts.get(i));
                    trainClasses.add(label);
                }
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no texts to train on");
        }
        long started = System.nanoTime();
        TextClassifier classifier = TextClassifier.train(train, trainClasses.stream().mapToInt(Integer::intValue).toArray(), labels, options);
        double seconds = (System.nanoTime() - started) / 1e9;
        ClassificationMetrics metrics = null;
        if (holdOut) {
            int[] predicted = new int[test.size()];
            for (int i = 0; i < test.size(); i++) {
                predicted[i] = classifier.predict(test.get(i));
            }
            metrics = ClassificationMetrics.of(testClasses.stream().mapToInt(Integer::intValue).toArray(), predicted, labels);
        }
        return new Result(classifier, train.size(), test.size(), metrics, seconds);
    }

    /** How often each input's texts are trained on: once, or balanced to the largest input (at most ten times). */
    private static int[] repeats(int[] sources, boolean balance) {
        int inputs = 0;
        for (int source : sources) {
            inputs = Math.max(inputs, source + 1);
        }
        int[] sizes = new int[inputs];
        for (int source : sources) {
            sizes[source]++;
        }
        int largest = 0;
        for (int size : sizes) {
            largest = Math.max(largest, size);
        }
        int[] repeats = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            repeats[i] = !balance || sizes[i] == 0 ? 1 : (int) Math.min(10, Math.max(1, Math.round(largest / (double) sizes[i])));
        }
        return repeats;
    }
}
