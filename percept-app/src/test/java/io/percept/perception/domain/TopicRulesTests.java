package io.percept.perception.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keyword rules: longest match, whole English words or prefixes, spans, and a taxonomy's validation. */
class TopicRulesTests {

    private static final Taxonomy TAXONOMY = new Taxonomy(List.of(
            new Taxonomy.Topic("logistics", Map.of("zh", "物流"), Map.of("zh", List.of("快递", "快递小哥", "物流"), "en", List.of("deliver*", "late"))),
            new Taxonomy.Topic("service", Map.of("zh", "服务"), Map.of("zh", List.of("客服", "小哥"), "en", List.of("customer service")))));

    @Test
    void findsTheLongestChineseKeywordWithItsSpan() {
        String text = "快递小哥很负责，客服也好";

        List<TopicRules.Match> matches = new TopicRules(TAXONOMY, "zh").find(text, 0, text.length());

        assertThat(matches).extracting(TopicRules.Match::topic, TopicRules.Match::keyword, TopicRules.Match::start, TopicRules.Match::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("logistics", "快递小哥", 0, 4), org.assertj.core.groups.Tuple.tuple("service", "客服", 8, 10));
    }

    @Test
    void matchesEnglishWholeWordsAndPrefixesCaseInsensitively() {
        String text = "Delivery was slow and the courier latest excuse... Customer Service ignored me; it came late.";

        List<TopicRules.Match> matches = new TopicRules(TAXONOMY, "en").find(text, 0, text.length());

        assertThat(matches).extracting(match -> text.substring(match.start(), match.end()))
                .containsExactly("Delivery", "Customer Service", "late");
        assertThat(matches.get(0).keyword()).isEqualTo("deliver*");
    }

    @Test
    void looksOnlyWithinTheRangeAsked() {
        String text = "物流很快。客服很好。";

        assertThat(new TopicRules(TAXONOMY, "zh").find(text, 5, text.length())).extracting(TopicRules.Match::topic).containsExactly("service");
        assertThat(new TopicRules(TAXONOMY, "fr").isEmpty()).isTrue();
    }

    @Test
    void aTaxonomyAlwaysHasOtherAndRefusesBadDocuments() {
        assertThat(TAXONOMY.ids()).containsExactly("logistics", "service", "other");
        assertThatThrownBy(() -> Taxonomy.parse(Map.of("topics", List.of(Map.of("id", "Bad Id"))), "t.yaml"))
                .hasMessageContaining("t.yaml: topics[0]").hasMessageContaining("lower-case");
        assertThatThrownBy(() -> Taxonomy.parse(Map.of("topics", List.of(Map.of("id", "x", "keywords", Map.of("zh", "物流")))), "t.yaml"))
                .hasMessageContaining("topics[0].keywords.zh is not a list");
        assertThatThrownBy(() -> Taxonomy.parse(Map.of("nothing", 1), "t.yaml")).hasMessageContaining("'topics' list");
        Taxonomy parsed = Taxonomy.parse(Map.of("topics", List.of(Map.of("id", "price", "name", Map.of("zh", "价格", "en", "Price"),
                "keywords", Map.of("en", List.of(" Price* ", "EXPENSIVE"))))), "t.yaml");
        assertThat(parsed.topic("price").keywords().get("en")).containsExactly("price*", "expensive");
        assertThat(parsed.topic("price").name("zh")).isEqualTo("价格");
        assertThat(parsed.topic("price").name("fr")).isEqualTo("Price");
    }
}
