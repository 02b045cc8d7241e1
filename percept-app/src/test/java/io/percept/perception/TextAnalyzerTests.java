package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.demo.world.Reviews;
import io.percept.perception.TextAnalysis.TopicMention;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The analyser with the shipped models and taxonomy: sentiment per text, sentence and clause, topics
 * with spans, emotion, keywords; and, on reviews the demo world writes from known aspects, how many
 * aspects it finds and with which polarity.
 */
class TextAnalyzerTests {

    private static final TextPerception PERCEPTION = PerceptionConfiguration.create(PerceptionSettings.defaults());

    private static TopicMention mention(TextAnalysis analysis, String topic) {
        return analysis.sentences().stream().flatMap(sentence -> sentence.topics().stream()).filter(m -> m.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + topic + " in " + analysis));
    }

    @Test
    void eachTopicTakesTheSentimentOfItsOwnClause() {
        String text = "物流很快，第二天就到了，但是包装破损了，盒子都压扁了。";

        TextAnalysis analysis = PERCEPTION.analyze(text, null, true);

        assertThat(analysis.language()).isEqualTo("zh");
        assertThat(analysis.topics()).containsExactly("packaging", "logistics");
        TopicMention logistics = mention(analysis, "logistics");
        assertThat(logistics.sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(text.substring(logistics.start(), logistics.end())).isEqualTo("物流");
        assertThat(mention(analysis, "packaging").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(analysis.keywords()).extracting(TextAnalysis.Keyword::word).contains("物流", "包装");
    }

    @Test
    void englishClausesTurnAtBut() {
        TextAnalysis analysis = PERCEPTION.analyze("Delivery was really fast, but the battery drains in two hours. Very disappointed.", null, false);

        assertThat(analysis.language()).isEqualTo("en");
        assertThat(analysis.sentences()).hasSize(2);
        assertThat(mention(analysis, "logistics").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(mention(analysis, "battery").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(analysis.sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(analysis.keywords()).as("not asked for").isEmpty();
    }

    @Test
    void negativeTextsWithoutATopicAreOtherAndEmotionFollowsTheCues() {
        TextAnalysis angry = PERCEPTION.analyze("垃圾！气死我了，再也不买了！！", null, false);
        TextAnalysis sad = PERCEPTION.analyze("有点失望，不太满意。", null, false);
        TextAnalysis happy = PERCEPTION.analyze("太棒了，非常满意，完美！", null, false);

        assertThat(angry.sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(angry.topics()).containsExactly("other");
        assertThat(angry.emotion()).isEqualTo("anger");
        assertThat(sad.emotion()).isEqualTo("disappointment");
        assertThat(angry.intensity()).isGreaterThan(sad.intensity());
        assertThat(happy.emotion()).isEqualTo("delight");
        assertThat(happy.score()).isPositive();
        assertThat(happy.confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void textsWithoutLettersAreNeutralAndUndetermined() {
        TextAnalysis analysis = PERCEPTION.analyze("👍👍 !!!", null, true);

        assertThat(analysis.language()).isEqualTo("und");
        assertThat(analysis.sentiment()).isEqualTo(Sentiment.NEUTRAL);
        assertThat(analysis.topics()).isEmpty();
    }

    /** The demo world's aspects as taxonomy topics (its usability phrases include battery life). */
    private static final Map<Reviews.Aspect, List<String>> TOPICS = new EnumMap<>(Map.of(Reviews.Aspect.QUALITY, List.of("quality"),
            Reviews.Aspect.LOGISTICS, List.of("logistics"), Reviews.Aspect.PRICE, List.of("price"), Reviews.Aspect.SERVICE, List.of("service"),
            Reviews.Aspect.PACKAGING, List.of("packaging"), Reviews.Aspect.DESCRIPTION, List.of("description"),
            Reviews.Aspect.AFTER_SALES, List.of("after_sales"), Reviews.Aspect.USABILITY, List.of("usability", "battery")));

    @Test
    void findsTheAspectsOfGeneratedReviewsWithTheirPolarity() {
        SplittableRandom random = new SplittableRandom(11);
        Reviews.Aspect[] aspects = Reviews.Aspect.values();
        Map<Boolean, int[]> byLanguage = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            boolean english = i % 3 == 0;
            Map<Reviews.Aspect, Integer> experience = new EnumMap<>(Reviews.Aspect.class);
            int count = 1 + random.nextInt(3);
            while (experience.size() < count) {
                experience.put(aspects[random.nextInt(aspects.length)], random.nextBoolean() ? 1 : -1);
            }
            Reviews.Review review = Reviews.write(experience, english, random);
            TextAnalysis analysis = PERCEPTION.analyze(review.text(), null, false);
            int[] counts = byLanguage.computeIfAbsent(english, e -> new int[3]);
            for (Map.Entry<Reviews.Aspect, Integer> aspect : experience.entrySet()) {
                counts[0]++;
                List<TopicMention> found = analysis.sentences().stream().flatMap(s -> s.topics().stream())
                        .filter(m -> TOPICS.get(aspect.getKey()).contains(m.topic())).toList();
                if (!found.isEmpty()) {
                    counts[1]++;
                    Sentiment expected = aspect.getValue() > 0 ? Sentiment.POSITIVE : Sentiment.NEGATIVE;
                    counts[2] += found.get(0).sentiment() == expected ? 1 : 0;
                }
            }
        }
        byLanguage.forEach((english, counts) -> System.out.printf("%s: aspects=%d found=%.3f polarity_right=%.3f%n", english ? "en" : "zh",
                counts[0], counts[1] / (double) counts[0], counts[2] / (double) counts[1]));
        for (int[] counts : byLanguage.values()) {
            assertThat(counts[1] / (double) counts[0]).as("aspects found").isGreaterThan(0.95);
            assertThat(counts[2] / (double) counts[1]).as("their polarity").isGreaterThan(0.93);
        }
    }
}
