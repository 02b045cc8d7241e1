package io.percept.perception.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.perception.domain.Keywords.Keyword;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Keywords of Chinese and English customer texts: content words in order, once each, with their spans. */
class KeywordsTests {

    private final Keywords keywords = new Keywords(20);

    private List<String> words(String text, String language) {
        return keywords.extract(text, language).stream().map(Keyword::word).toList();
    }

    @Test
    void chineseKeepsContentWordsInOrderAndDropsFunctionWords() {
        List<String> words = words("物流太慢了，客服态度也很差，电池续航不行", "zh");

        assertThat(words).containsSubsequence("物流", "客服", "态度", "电池", "续航");
        assertThat(words).as("complaint adjectives fused with a degree adverb").contains("慢", "差");
        assertThat(words).doesNotContain("了", "也", "很", "太慢", "很差", "，");
    }

    @Test
    void chineseDropsPronounsNumbersAndVagueSingleCharacters() {
        assertThat(words("用了三天就坏了，退货退款很麻烦，我们再也不买了", "zh")).containsExactly("坏", "退货", "退款", "麻烦");
        assertThat(words("这是一本好书！", "zh")).containsExactly("书");
    }

    @Test
    void spansPointAtTheWordsAsWritten() {
        String text = "iPhone屏幕闪烁，客服说是bug，ＵＳＢ接口也松了";
        List<Keyword> found = keywords.extract(text, "zh");

        assertThat(found).extracting(Keyword::word).containsExactly("iphone", "屏幕", "闪烁", "客服", "bug", "usb", "接口", "松");
        assertThat(found).extracting(k -> text.substring(k.start(), k.end()))
                .containsExactly("iPhone", "屏幕", "闪烁", "客服", "bug", "ＵＳＢ", "接口", "松");
    }

    @Test
    void eachKeywordOnceAndAtMostMax() {
        assertThat(words("客服很差，客服不理人，又找客服，客服还是不回", "zh")).containsOnlyOnce("客服");

        List<Keyword> firstTwo = new Keywords(2).extract("房间很干净，早餐丰富，前台服务热情", "zh");
        assertThat(firstTwo).extracting(Keyword::word).containsExactly("房间", "干净");
        assertThat(new Keywords(3).extract("Late flight, lost bags, rude crew, no refund", "en")).extracting(Keyword::word)
                .containsExactly("late", "flight", "lost");
    }

    @Test
    void englishIsLowerCasedSingularAndFreeOfStopwords() {
        String text = "The batteries died after two days and the customer's support replies were slow!";
        List<Keyword> found = keywords.extract(text, "en");

        assertThat(found).extracting(Keyword::word).containsExactly("battery", "died", "day", "customer", "support", "reply", "slow");
        assertThat(text.substring(found.get(0).start(), found.get(0).end())).isEqualTo("batteries");
        assertThat(words("Flight delayed 3 hours, the crew didn’t care. Terrible GLITCHES in the app's check-in.", "en"))
                .containsExactly("flight", "delayed", "hour", "crew", "care", "terrible", "glitch", "app", "check");
    }

    @Test
    void pluralsBecomeSingularByLightRules() {
        assertThat(List.of("delays", "batteries", "movies", "glitches", "headaches", "boxes", "glasses", "crashes", "status", "analysis", "bus"))
                .extracting(Keywords::singular)
                .containsExactly("delay", "battery", "movie", "glitch", "headache", "box", "glass", "crash", "status", "analysis", "bus");
    }

    @Test
    void textsWithoutWordsHaveNoKeywords() {
        assertThat(keywords.extract("", "zh")).isEmpty();
        assertThat(keywords.extract("  \n", "zh")).isEmpty();
        assertThat(keywords.extract("!!! 123 ...", "en")).isEmpty();
        assertThat(keywords.extract("123", "und")).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new Keywords(0)).hasMessageContaining("max");
        assertThatThrownBy(() -> keywords.extract("bonjour", "fr")).hasMessageContaining("fr");
        assertThatThrownBy(() -> new Keyword("", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyword("客服", 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneInstanceServesManyThreadsWithTheSameResults() throws Exception {
        List<String> texts = List.of("物流太慢了，客服态度也很差，电池续航不行", "房间很干净，早餐丰富，前台服务热情，下次还住这家酒店",
                "屏幕闪烁，用了三天就坏了！退货退款很麻烦", "性价比高，发货快，包装完好，买了三次了", "不是很满意，手机发热严重，充电慢");
        List<List<Keyword>> expected = texts.stream().map(text -> keywords.extract(text, "zh")).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                mismatches.add(threads.submit(() -> {
                    int count = 0;
                    for (int round = 0; round < 500; round++) {
                        for (int i = 0; i < texts.size(); i++) {
                            count += keywords.extract(texts.get(i), "zh").equals(expected.get(i)) ? 0 : 1;
                        }
                    }
                    return count;
                }));
            }
            for (Future<Integer> future : mismatches) {
                assertThat(future.get()).isZero();
            }
        } finally {
            threads.shutdown();
        }
    }
}
