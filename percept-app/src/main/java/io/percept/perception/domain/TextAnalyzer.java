package io.percept.perception.domain;

import io.percept.analytics.text.Sentences;
import io.percept.analytics.text.TextClassifier;
import io.percept.perception.Sentiment;
import io.percept.perception.TextAnalysis;
import io.percept.perception.TextAnalysis.SentenceAnalysis;
import io.percept.perception.TextAnalysis.TopicMention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Perceives one text: its language, sentences, sentiment of the text, of each sentence and of the
 * clause around each topic cue (so "物流很快，但是包装破损" is good on logistics and bad on
 * packaging; the cue itself is left out of its clause's score), topics from the taxonomy's keyword rules (and, for negative sentences no rule
 * matched, from a trained topic model when there is one), keywords and emotion. Thread-safe.
 */
public final class TextAnalyzer {

    /**
     * @param neutralBand         scores within this distance of 0 are neutral (0 to 1)
     * @param maxKeywords         keywords kept per text (0 for none)
     * @param topicModelThreshold the probability a topic model's answer needs to count (0.5 to 1)
     */
    public record Options(double neutralBand, int maxKeywords, double topicModelThreshold) {

        public Options {
            if (!(neutralBand >= 0 && neutralBand < 1)) {
                throw new IllegalArgumentException("neutralBand must be in [0, 1), was " + neutralBand);
            }
            if (maxKeywords < 0) {
                throw new IllegalArgumentException("maxKeywords must be 0 or more, was " + maxKeywords);
            }
            if (!(topicModelThreshold >= 0.5 && topicModelThreshold <= 1)) {
                throw new IllegalArgumentException("topicModelThreshold must be in [0.5, 1], was " + topicModelThreshold);
            }
        }

        public static Options defaults() {
            return new Options(0.3, 8, 0.6);
        }
    }

    /** The score of a judging keyword: confident, short of certain. */
    private static final double LEXICON_SCORE = 0.8;

    private static final String[] CONTRAST_ZH = {"但是", "不过", "可是", "然而", "但", "却"};
    private static final String[] CONTRAST_EN = {"but", "however", "although", "though", "except"};

    private final Map<String, TextClassifier> sentiment;
    private final Map<String, TextClassifier> topicModels;
    private final Map<String, TopicRules> rules = new HashMap<>();
    private final Taxonomy taxonomy;
    private final Keywords keywords;
    private final Options options;

    /**
     * @param sentiment   a two-class (negative, positive) model per language ({@code zh}, {@code en})
     * @param taxonomy    the topics and their keyword rules
     * @param topicModels optional topic classifiers per language (labels are topic ids)
     */
    public TextAnalyzer(Map<String, TextClassifier> sentiment, Taxonomy taxonomy, Map<String, TextClassifier> topicModels, Options options) {
        for (Map.Entry<String, TextClassifier> model : sentiment.entrySet()) {
            if (!model.getValue().labels().equals(List.of(Sentiment.NEGATIVE.wireName(), Sentiment.POSITIVE.wireName()))) {
                throw new IllegalArgumentException("the " + model.getKey() + " sentiment model's labels are " + model.getValue().labels()
                        + ", not [negative, positive]");
            }
        }
        this.sentiment = Map.copyOf(sentiment);
        this.topicModels = Map.copyOf(topicModels);
        this.taxonomy = taxonomy;
        for (String language : List.of("zh", "en")) {
            rules.put(language, new TopicRules(taxonomy, language));
        }
        this.keywords = options.maxKeywords() > 0 ? new Keywords(options.maxKeywords()) : null;
        this.options = options;
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    public Options options() {
        return options;
    }

    /** Analyses {@code text} in its detected language, with keywords. */
    public TextAnalysis analyze(String text) {
        return analyze(text, null, true);
    }

    /**
     * Analyses {@code text}.
     *
     * @param language     {@code zh} or {@code en} to override detection, or {@code null}
     * @param withKeywords whether to extract keywords (the costliest part for Chinese)
     */
    public TextAnalysis analyze(String text, String language, boolean withKeywords) {
        String lang = language != null ? language : Sentences.language(text);
        TextClassifier model = sentiment.get(lang);
        if (model == null || text.isBlank()) {
            return new TextAnalysis(lang, 0, Sentiment.NEUTRAL, 0.5, "none", 0, List.of(), List.of(), List.of());
        }
        double score = score(model, text);
        List<Sentences.Span> spans = Sentences.split(text);
        TopicRules topicRules = rules.get(lang);
        TextClassifier topicModel = topicModels.get(lang);
        List<SentenceAnalysis> sentences = new ArrayList<>(spans.size());
        Map<String, int[]> topicCounts = new LinkedHashMap<>();
        for (Sentences.Span span : spans) {
            double sentenceScore = spans.size() == 1 ? score : score(model, span.of(text));
            List<TopicMention> mentions = new ArrayList<>();
            List<TopicRules.Match> matches = topicRules.find(text, span.start(), span.end());
            if (matches.stream().anyMatch(match -> match.topic() != null)) {
                int[] bounds = clauseBounds(text, span.start(), span.end(), lang);
                Map<Integer, Double> clauseScores = new HashMap<>();
                for (TopicRules.Match match : matches) {
                    if (match.topic() == null) {
                        continue;
                    }
                    int clause = clauseOf(bounds, match.start());
                    int polarity = judgement(text, bounds[clause], match, lang);
                    if (polarity == 0) {
                        // the topic is named: a judging keyword of the same topic in the clause decides, else the first general opinion
                        // word after the name, else the model on the clause without the names
                        polarity = opinion(text, bounds, clause, matches, match, lang);
                    }
                    double clauseScore = polarity != 0 ? LEXICON_SCORE * polarity
                            : clauseScores.computeIfAbsent(clause, c -> score(model, withoutNames(text, bounds[c], bounds[c + 1], matches)));
                    mentions.add(new TopicMention(match.topic(), match.start(), match.end(), match.keyword(), round(clauseScore),
                            Sentiment.of(clauseScore, options.neutralBand()), "rule"));
                }
            } else if (topicModel != null && sentenceScore <= -options.neutralBand()) {
                double[] probabilities = topicModel.probabilities(span.of(text));
                int best = 0;
                for (int k = 1; k < probabilities.length; k++) {
                    best = probabilities[k] > probabilities[best] ? k : best;
                }
                String topic = topicModel.labels().get(best);
                if (probabilities[best] >= options.topicModelThreshold() && !topic.equals(Taxonomy.OTHER)) {
                    mentions.add(new TopicMention(topic, span.start(), span.end(), null, round(sentenceScore),
                            Sentiment.of(sentenceScore, options.neutralBand()), "model"));
                }
            }
            for (TopicMention mention : mentions) {
                topicCounts.computeIfAbsent(mention.topic(), t -> new int[1])[0]++;
            }
            sentences.add(new SentenceAnalysis(span.start(), span.end(), round(sentenceScore), Sentiment.of(sentenceScore, options.neutralBand()),
                    mentions));
        }
        Sentiment label = Sentiment.of(score, options.neutralBand());
        List<String> topics = new ArrayList<>(topicCounts.keySet());
        topics.sort((a, b) -> topicCounts.get(b)[0] - topicCounts.get(a)[0]);
        if (topics.isEmpty() && label == Sentiment.NEGATIVE) {
            topics.add(Taxonomy.OTHER);
        }
        Emotions.Emotion emotion = Emotions.of(text, lang, score, label == Sentiment.NEUTRAL ? 0 : label == Sentiment.NEGATIVE ? -1 : 1);
        List<TextAnalysis.Keyword> words = List.of();
        if (withKeywords && keywords != null) {
            words = new ArrayList<>();
            for (Keywords.Keyword keyword : keywords.extract(text, lang)) {
                words.add(new TextAnalysis.Keyword(keyword.word(), keyword.start(), keyword.end()));
            }
        }
        return new TextAnalysis(lang, round(score), label, round((1 + Math.abs(score)) / 2), emotion.name(), emotion.intensity(), sentences,
                topics, words);
    }

    /** The polarity the clause's opinion words give the topic {@code named}: its own judging keywords first, then general ones. */
    private static int opinion(String text, int[] bounds, int clause, List<TopicRules.Match> matches, TopicRules.Match named, String language) {
        TopicRules.Match general = null;
        TopicRules.Match generalBefore = null;
        for (TopicRules.Match other : matches) {
            if (other.polarity() == 0 || clauseOf(bounds, other.start()) != clause) {
                continue;
            }
            if (named.topic().equals(other.topic())) {
                return judgement(text, bounds[clause], other, language);
            }
            if (other.start() >= named.end() && general == null) {
                general = other;
            } else if (other.end() <= named.start()) {
                generalBefore = other;
            }
        }
        TopicRules.Match chosen = general != null ? general : generalBefore;
        return chosen == null ? 0 : judgement(text, bounds[clause], chosen, language);
    }

    /**
     * The polarity of a judging keyword (its own, flipped by a negation just before it in its clause:
     * 没有磕碰, not broken), or 0 for a keyword that only names its topic.
     */
    private static int judgement(String text, int clauseStart, TopicRules.Match match, String language) {
        if (match.polarity() == 0) {
            return 0;
        }
        int from = Math.max(clauseStart, match.start() - ("zh".equals(language) ? 2 : 12));
        String before = text.substring(from, match.start());
        boolean negated;
        if ("zh".equals(language)) {
            // a keyword that is itself negative (不值, 没人理) is not negated again; 不过, 不但, 不仅 are not negations
            String cleared = before.replace("不过", "").replace("不但", "").replace("不仅", "").replace("不管", "");
            negated = "不没无未".indexOf(match.keyword().charAt(0)) < 0 && (cleared.indexOf('不') >= 0 || cleared.indexOf('没') >= 0
                    || cleared.indexOf('无') >= 0 || cleared.indexOf('未') >= 0);
        } else {
            String lower = " " + before.toLowerCase(java.util.Locale.ROOT);
            negated = lower.matches("(?s).*\\b(not|no|never|without|hardly)\\s+(\\w+\\s+)?") || lower.matches("(?s).*n't\\s+(\\w+\\s+)?");
        }
        return negated ? -match.polarity() : match.polarity();
    }

    /**
     * {@code text[start, end)} without the words that only name a topic: what is said about the topic
     * rather than the topic itself, whose words lean one way in the training reviews (售后 and
     * "returns" come up mostly in complaints, so "returns were easy" would otherwise score negative).
     */
    private static String withoutNames(String text, int start, int end, List<TopicRules.Match> matches) {
        StringBuilder rest = new StringBuilder(end - start);
        int at = start;
        for (TopicRules.Match match : matches) {
            if (match.polarity() == 0 && match.start() >= start && match.end() <= end) {
                rest.append(text, at, match.start()).append(' ');
                at = match.end();
            }
        }
        rest.append(text, at, end);
        String clause = rest.toString().strip();
        return clause.isEmpty() ? text.substring(start, end) : clause;
    }

    /** The positive probability minus the negative one. */
    private static double score(TextClassifier model, String text) {
        double[] probabilities = model.probabilities(text);
        return probabilities[1] - probabilities[0];
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /**
     * The clause boundaries of the sentence {@code text[start, end)}: its start, each comma or
     * semicolon (the clause starts after it) and each contrast word (the clause starts at it), its end.
     */
    private static int[] clauseBounds(String text, int start, int end, String language) {
        List<Integer> bounds = new ArrayList<>();
        bounds.add(start);
        boolean chinese = "zh".equals(language);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            int cut = -1;
            if (c == '，' || c == ',' || c == '；' || c == ';') {
                cut = i + 1;
            } else if (chinese) {
                for (String word : CONTRAST_ZH) {
                    if (text.startsWith(word, i)) {
                        cut = i;
                        break;
                    }
                }
            } else if (i == start || !Character.isLetter(text.charAt(i - 1))) {
                for (String word : CONTRAST_EN) {
                    int after = i + word.length();
                    if (text.regionMatches(true, i, word, 0, word.length()) && (after >= end || !Character.isLetter(text.charAt(after)))) {
                        cut = i;
                        break;
                    }
                }
            }
            if (cut > bounds.get(bounds.size() - 1) && cut < end) {
                bounds.add(cut);
            }
        }
        bounds.add(end);
        int[] result = new int[bounds.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = bounds.get(i);
        }
        return result;
    }

    /** The index of the clause containing {@code position}. */
    private static int clauseOf(int[] bounds, int position) {
        int clause = 0;
        while (clause + 2 < bounds.length && bounds[clause + 1] <= position) {
            clause++;
        }
        return clause;
    }
}
