package io.percept.perception;

import java.util.List;

/**
 * What Percept perceives in one text. Scores are in [-1, 1] (the positive class's probability minus
 * the negative's), confidence in [0.5, 1] (the likelier class's probability); spans are UTF-16
 * offsets into the analysed text.
 *
 * @param language   {@code zh}, {@code en} or {@code und} (no letters)
 * @param score      the whole text's sentiment score
 * @param sentiment  its label (neutral near 0)
 * @param confidence how sure the model is of the likelier class
 * @param emotion    {@code anger}, {@code disappointment}, {@code satisfaction}, {@code delight} or {@code none}
 * @param intensity  how strongly it is felt, 0 to 1
 * @param sentences  each sentence with its own sentiment and topics
 * @param topics     the distinct topics of the text, most mentioned first; {@code other} for a negative text none matched
 * @param keywords   the text's keywords in order of first occurrence
 */
public record TextAnalysis(String language, double score, Sentiment sentiment, double confidence, String emotion, double intensity,
                           List<SentenceAnalysis> sentences, List<String> topics, List<Keyword> keywords) {

    public TextAnalysis {
        sentences = List.copyOf(sentences);
        topics = List.copyOf(topics);
        keywords = List.copyOf(keywords);
    }

    /** One sentence: its span, sentiment and the topics mentioned in it. */
    public record SentenceAnalysis(int start, int end, double score, Sentiment sentiment, List<TopicMention> topics) {

        public SentenceAnalysis {
            topics = List.copyOf(topics);
        }
    }

    /**
     * A topic mentioned in a sentence.
     *
     * @param topic     the taxonomy's topic id
     * @param start     where the cue starts (the keyword; the sentence when the classifier found it)
     * @param end       where it ends
     * @param cue       the keyword matched, or {@code null} when the classifier found it
     * @param score     the sentiment of the clause it is in
     * @param sentiment its label
     * @param source    {@code rule} or {@code model}
     */
    public record TopicMention(String topic, int start, int end, String cue, double score, Sentiment sentiment, String source) {
    }

    /** A keyword and where it first occurs. */
    public record Keyword(String word, int start, int end) {
    }

    /** Whether the text is negative and names a topic: a complaint. */
    public boolean isComplaint() {
        return sentiment == Sentiment.NEGATIVE && !topics.isEmpty();
    }
}
