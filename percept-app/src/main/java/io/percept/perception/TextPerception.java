package io.percept.perception;

import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.perception.domain.TextAnalyzer;
import io.percept.perception.domain.Taxonomy;
import java.util.List;

/**
 * Perception's facade for text: analyses a text or the customer's words in an event. Thread-safe;
 * a call costs tens of microseconds (see docs/benchmarks.md).
 */
public final class TextPerception {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TextPerception.class);

    private final TextAnalyzer analyzer;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private final List<String> textProperties;

    TextPerception(TextAnalyzer analyzer, List<String> textProperties) {
        this.analyzer = analyzer;
        this.textProperties = List.copyOf(textProperties);
    }

    /**
     * The facade as {@code settings} describe it, without the application (for commands and benchmarks).
     *
     * @throws IllegalArgumentException if a model or the taxonomy is invalid
     */
    public static TextPerception of(PerceptionSettings settings) {
        return PerceptionConfiguration.create(settings);
    }

    /** The shipped models for {@code language}'s whole-text sentiment, as the raw baseline of benchmarks. */
    public static io.percept.analytics.text.TextClassifier sentimentModel(PerceptionSettings settings, String language) {
        return TextModels.sentiment(language, "zh".equals(language) ? settings.models().sentimentZh() : settings.models().sentimentEn());
    }

    /**
     * Analyses {@code text}.
     *
     * @param language     {@code zh} or {@code en}, or {@code null} to detect it
     * @param withKeywords whether to extract keywords (the costliest part for Chinese)
     * @throws IllegalArgumentException for another language
     */
    public TextAnalysis analyze(String text, String language, boolean withKeywords) {
        if (language != null && !language.equals("zh") && !language.equals("en")) {
            throw new IllegalArgumentException("language must be zh or en, was '" + language + "'");
        }
        return analyzer.analyze(text, language, withKeywords);
    }

    /**
     * Analyses {@code text}, or returns {@code null} when the analyser fails on it: for the stream,
     * where one text must not hold up every event after it. Failures are logged (the first and every
     * thousandth) with {@code where} the text came from.
     */
    public TextAnalysis analyzeOrSkip(String text, boolean withKeywords, Object where) {
        try {
            return analyzer.analyze(text, null, withKeywords);
        } catch (RuntimeException e) {
            long failed = failures.incrementAndGet();
            if (failed % 1000 == 1) {
                log.warn("Text perception failed on {} ({} failures so far): {}", where, failed, e.toString());
            }
            return null;
        }
    }

    /** The customer's words in {@code event} (a track event's first non-blank text property), or {@code null}. */
    public String textOf(Event event) {
        if (event.type() != EventType.TRACK) {
            return null;
        }
        for (String property : textProperties) {
            if (event.properties().get(property) instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    /** The topic ids of the taxonomy, in order ({@code other} last unless placed). */
    public List<String> topics() {
        return analyzer.taxonomy().ids();
    }

    /** A topic's display name in {@code language}, or {@code null} for an unknown topic. */
    public String topicName(String topic, String language) {
        Taxonomy.Topic found = analyzer.taxonomy().topic(topic);
        return found == null ? null : found.name(language);
    }

    /** Scores within this distance of 0 are neutral. */
    public double neutralBand() {
        return analyzer.options().neutralBand();
    }
}
