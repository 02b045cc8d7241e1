package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Hashed n-gram features: deterministic, normalised, and blind to case, width and punctuation runs. */
class NGramHasherTests {

    private final NGramHasher chinese = new NGramHasher(NGramHasher.Options.chinese());
    private final NGramHasher english = new NGramHasher(NGramHasher.Options.english());

    @Test
    void featuresAreUnitLengthSortedAndTheSameEveryTime() {
        SparseVector features = chinese.features("物流很快，质量不错！");

        assertThat(features).isEqualTo(chinese.features("物流很快，质量不错！"));
        // "物流很快 质量不错!": 9 unigrams (not the space), 9 bigrams and 8 trigrams, a few may share a bucket
        assertThat(features.size()).isBetween(24, 26);
        double norm = 0;
        for (float value : features.values()) {
            norm += value * value;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        for (int index : features.indices()) {
            assertThat(index).isBetween(0, chinese.dimensions() - 1);
        }
    }

    @Test
    void caseFullWidthFormsAndPunctuationRunsDoNotMatter() {
        assertThat(english.features("GREAT  value!!")).isEqualTo(english.features("great value!!"));
        assertThat(english.features("ＧＲＥＡＴ value")).isEqualTo(english.features("great value"));
        assertThat(chinese.features("很好。。。真的")).isEqualTo(chinese.features("很好，真的"));
        assertThat(chinese.features("   ").size()).isZero();
    }

    @Test
    void handlesAndLinksAreDropped() {
        assertThat(english.features("@AirCo thanks, great crew https://t.co/x1Y2 !")).isEqualTo(english.features("thanks, great crew !"));
        assertThat(english.features("mail me at a@b.com")).as("an address is not a handle").isNotEqualTo(english.features("mail me at a"));
        assertThat(chinese.features("@小米客服 物流很快 www.example.com/x")).isEqualTo(chinese.features("@小米客服 物流很快"));
    }

    @Test
    void wordFeaturesAreAddedForLatinScriptOnly() {
        NGramHasher charactersOnly = new NGramHasher(new NGramHasher.Options(20, 1, 5, false));

        assertThat(english.features("not good at all").size()).isGreaterThan(charactersOnly.features("not good at all").size());
        assertThat(english.features("不好").size()).isEqualTo(charactersOnly.features("不好").size());
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new NGramHasher.Options(8, 1, 3, false)).hasMessageContaining("bits");
        assertThatThrownBy(() -> new NGramHasher.Options(20, 3, 2, false)).hasMessageContaining("n-grams");
    }
}
