package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentences keep their offsets in the original text; the language follows the script. */
class SentencesTests {

    private static List<String> sentences(String text) {
        return Sentences.split(text).stream().map(span -> span.of(text)).toList();
    }

    @Test
    void chineseSentencesEndAtTheirPunctuationAndKeepOffsets() {
        String text = "物流很快！！质量一般，但是客服态度好。\n还会再买吗？会的…";

        assertThat(sentences(text)).containsExactly("物流很快！！", "质量一般，但是客服态度好。", "还会再买吗？", "会的…");
        Sentences.Span second = Sentences.split(text).get(1);
        assertThat(text.substring(second.start(), second.end())).startsWith("质量一般");
    }

    @Test
    void englishSentencesEndAtAFullStopBeforeASpaceNotInsideNumbers() {
        String text = "  Battery lasts 1.5 days. Great value!  Would buy again ";

        assertThat(sentences(text)).containsExactly("Battery lasts 1.5 days.", "Great value!", "Would buy again");
        assertThat(Sentences.split("   ")).isEmpty();
        assertThat(sentences("He said \"no!\" and left.")).containsExactly("He said \"no!\"", "and left.");
    }

    @Test
    void theLanguageFollowsTheScript() {
        assertThat(Sentences.language("质量很好，物流也快")).isEqualTo("zh");
        assertThat(Sentences.language("The App 很难用")).isEqualTo("zh");
        assertThat(Sentences.language("Great quality, fast delivery")).isEqualTo("en");
        assertThat(Sentences.language("12345 !!!")).isEqualTo("und");
        assertThatThrownBy(() -> new Sentences.Span(3, 3)).hasMessageContaining("at least one character");
    }
}
