package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The keyword baseline: keywords from label names, prefix matching, ties and misses, on synthetic texts. */
class KeywordBaselineTests {

    private static final List<String> REASONS = List.of("Late Flight", "Cancelled Flight", "Lost Luggage");
    private static final String[] FILLER = {"the", "plane", "gate", "today", "again", "my", "we", "seat", "crew", "thanks"};

    /** Training class indices: {@code counts[c]} texts of class {@code c}. */
    private static int[] trainedOn(int... counts) {
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        int[] classes = new int[total];
        int next = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                classes[next++] = c;
            }
        }
        return classes;
    }

    @Test
    void derivesKeywordsFromTheLabelsContentWords() {
        assertThat(KeywordBaseline.keywordsOf("Cancelled Flight")).containsExactly("cancell", "flight");
        assertThat(KeywordBaseline.keywordsOf("Flight Booking Problems")).containsExactly("flight", "book");
        assertThat(KeywordBaseline.keywordsOf("Can't Tell")).containsExactly("tell");
        assertThat(KeywordBaseline.keywordsOf("longlines")).containsExactly("longline");
        assertThat(KeywordBaseline.keywordsOf("Improper use of your report")).containsExactly("improper", "use", "report");
        assertThat(KeywordBaseline.keywordsOf("Problem with a company's investigation into an existing problem"))
                .containsExactly("company", "investigation", "exist");
        assertThat(KeywordBaseline.keywordsOf("Other")).isEmpty();
    }

    @Test
    void matchesWordPrefixesOfAtLeastFourCharacters() {
        KeywordBaseline baseline = KeywordBaseline.fromNames(List.of("Cancelled Flight", "Bad Flight"), trainedOn(1, 1));

        assertThat(baseline.hits("they cancel everything")).containsExactly(1, 0);
        assertThat(baseline.hits("a cancellation, then cancelled")).containsExactly(2, 0);
        assertThat(baseline.hits("can we go")).as("a three-letter word is no prefix").containsExactly(0, 0);
        assertThat(baseline.hits("bad badge")).as("a three-letter keyword matches only itself").containsExactly(0, 1);
        assertThat(baseline.hits("flight flights flying")).as("each word once per label").containsExactly(2, 2);
        assertThat(baseline.hits("CANCELLED")).containsExactly(1, 0);
    }

    @Test
    void dropsApostrophesInsideWords() {
        KeywordBaseline baseline = KeywordBaseline.fromNames(List.of("Can't Tell", "Lost Luggage"), trainedOn(1, 1));

        assertThat(baseline.keywords(0)).containsExactly("tell");
        assertThat(baseline.hits("can't tell, the bag's lost")).containsExactly(1, 1);
        assertThat(baseline.hits("luggage\u2019s gone")).containsExactly(0, 1);
    }

    @Test
    void predictsTheLabelWithMostHitsTiesToTheMoreFrequentAndMissesToTheMajority() {
        KeywordBaseline baseline = KeywordBaseline.fromNames(REASONS, trainedOn(5, 3, 2));

        assertThat(baseline.majority()).isZero();
        assertThat(baseline.predict("my flight was cancelled")).isEqualTo(1);
        assertThat(baseline.predict("they lost my luggage")).isEqualTo(2);
        assertThat(baseline.predict("what a flight")).as("tie between Late and Cancelled").isZero();
        assertThat(baseline.predict("cancelled and lost")).as("tie between Cancelled and Lost").isEqualTo(1);
        assertThat(baseline.predict("nothing to see here")).as("no hit").isZero();
        assertThat(baseline.predict("")).isZero();
    }

    @Test
    void breaksTiesByTrainingFrequencyNotByClassOrder() {
        KeywordBaseline baseline = KeywordBaseline.fromNames(List.of("Lost Luggage", "Late Flight"), trainedOn(2, 7));

        assertThat(baseline.majority()).isEqualTo(1);
        assertThat(baseline.predict("late luggage")).isEqualTo(1);
        assertThat(baseline.predict("luggage")).isZero();
    }

    @Test
    void addsHandWrittenKeywordsTakenAsWritten() {
        int[] classes = trainedOn(5, 3, 2);
        KeywordBaseline names = KeywordBaseline.fromNames(REASONS, classes);
        KeywordBaseline extended = KeywordBaseline.fromNames(REASONS, classes, Map.of("Lost Luggage", List.of("Bag", "suitcase")));

        assertThat(extended.keywords(2)).containsExactly("lost", "luggage", "bag", "suitcase");
        assertThat(names.predict("where are my suitcases")).isZero();
        assertThat(extended.predict("where are my suitcases")).isEqualTo(2);
        assertThat(extended.predict("my bag")).isEqualTo(2);
        assertThat(extended.predict("my bags, a badge")).as("a three-letter keyword matches only itself").isZero();
    }

    @Test
    void getsSyntheticKeywordTextsRightAndSendsTheRestToTheMajority() {
        KeywordBaseline baseline = KeywordBaseline.fromNames(REASONS, trainedOn(5, 3, 2),
                Map.of("Late Flight", List.of("delay"), "Lost Luggage", List.of("bag", "suitcase")));
        String[][] marks = {{"late", "delayed", "delays", "later"}, {"cancelled", "cancel", "cancellation"}, {"lost", "luggage", "bag", "suitcase"}};
        SplittableRandom random = new SplittableRandom(11);
        int right = 0;
        int majority = 0;
        for (int i = 0; i < 1000; i++) {
            int label = random.nextInt(3);
            List<String> words = new ArrayList<>();
            for (int j = 0; j < 6; j++) {
                words.add(FILLER[random.nextInt(FILLER.length)]);
            }
            String plain = String.join(" ", words);
            words.add(random.nextInt(words.size()), marks[label][random.nextInt(marks[label].length)]);
            right += baseline.predict(String.join(" ", words)) == label ? 1 : 0;
            majority += baseline.predict(plain) == baseline.majority() ? 1 : 0;
        }

        assertThat(right).isEqualTo(1000);
        assertThat(majority).isEqualTo(1000);
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> KeywordBaseline.fromNames(List.of(), new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeywordBaseline.fromNames(List.of("a", "a"), new int[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> KeywordBaseline.fromNames(REASONS, new int[] {3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 0..2");
        assertThatThrownBy(() -> KeywordBaseline.fromNames(REASONS, new int[0], Map.of("Bad Flight", List.of("bumpy"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of");
        assertThatThrownBy(() -> KeywordBaseline.fromNames(REASONS, new int[0], Map.of("Late Flight", List.of("on hold"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one word");
    }
}
