package io.percept.segmentation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions on a profile's tags (a list of texts) and membership by hand through the reserved tags. */
class TagConditionsTests {

    private static final Fields FIELDS = new Fields(Map.of("tags", Fields.Type.TEXT_LIST, "orders", Fields.Type.NUMBER, "traits.", Fields.Type.ANY));
    private static final long NOW = 1_800_000_000_000_000L;

    private static Subject tagged(String... tags) {
        return Map.<String, Object>of("tags", List.of(tags), "orders", 1.0)::get;
    }

    private static boolean holds(String definition, Subject subject) {
        return ExpressionParser.parse(definition, FIELDS).test(subject, NOW);
    }

    @Test
    void containsTestsForOneOfTheTagsIgnoringCaseNotForAPartOfOne() {
        assertThat(holds("tags contains \"vip\"", tagged("new-customer", "vip"))).isTrue();
        assertThat(holds("tags contains \"VIP\"", tagged("vip"))).isTrue();
        assertThat(holds("tags 包含 \"需回访\"", tagged("vip", "需回访"))).isTrue();
        assertThat(holds("tags contains \"vip\"", tagged("vip-watch", "not-vip"))).as("a part of a tag is not the tag").isFalse();
        assertThat(holds("tags contains \"vip\"", tagged())).isFalse();
        assertThat(holds("tags contains \"vip\"", Map.<String, Object>of()::get)).as("no tags at all").isFalse();
        assertThat(holds("not tags contains \"vip\"", tagged("a"))).isTrue();
        assertThat(holds("tags = \"vip\"", tagged("a", "vip"))).isTrue();
        assertThat(holds("tags != \"vip\"", tagged("a", "vip"))).isFalse();
        assertThat(holds("tags != \"vip\"", tagged("a"))).isTrue();
        assertThat(holds("tags in (\"x\", \"vip\")", tagged("vip"))).isTrue();
        assertThat(holds("tags is null", tagged())).isTrue();
        assertThat(holds("traits.tags contains \"vip\"", Map.<String, Object>of("traits.tags", List.of("vip"))::get)).isTrue();
        assertThat(holds("traits.note contains \"vip\"", Map.<String, Object>of("traits.note", "a vip customer")::get)).as("text: a part of it")
                .isTrue();
    }

    @Test
    void bothFormsRoundTrip() {
        Expression expression = ExpressionParser.parse("tags contains \"vip\" and orders > 0", FIELDS);

        assertThat(ExpressionParser.parse(expression.text(), FIELDS)).isEqualTo(expression);
        assertThat(Expression.fromJson(expression.json(), FIELDS)).isEqualTo(expression);
    }

    @Test
    void aBadTestOfTagsIsPointedAt() {
        assertThatThrownBy(() -> ExpressionParser.parse("tags > \"vip\"", FIELDS)).isInstanceOf(SegmentSyntaxException.class)
                .hasMessage("at column 6: tags is a list of texts: test it with contains (one of its elements), = or !=\n  tags > \"vip\"\n       ^");
        assertThatThrownBy(() -> ExpressionParser.parse("tags contains true", FIELDS))
                .hasMessageStartingWith("at column 15: tags is a list of texts; true is not a text");
        assertThatThrownBy(() -> ExpressionParser.parse("tags within 30d", FIELDS))
                .hasMessageStartingWith("at column 6: 'within' needs a time field; tags is a list");
        assertThatThrownBy(() -> ExpressionParser.parse("tag contains \"vip\"", FIELDS)).hasMessageStartingWith("at column 1: unknown field 'tag'; did you mean 'tags'?");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "tags", "op", "<", "value", "vip"), FIELDS))
                .hasMessage("at $.op: tags is a list of texts: test it with contains (one of its elements), = or !=");
    }

    @Test
    void aProfileAddedByHandIsAMemberWhateverTheDefinitionSaysAndOneRemovedIsNot() {
        Membership vipWatch = new Membership(ExpressionParser.parse("orders > 5", FIELDS), "segment+:vip-watch", "segment-:vip-watch");
        Membership byDefinition = new Membership(ExpressionParser.parse("orders > 0", FIELDS), "segment+:vip-watch", "segment-:vip-watch");

        assertThat(vipWatch.test(tagged("vip"), NOW)).as("definition fails, not added").isFalse();
        assertThat(vipWatch.test(tagged("segment+:vip-watch"), NOW)).as("added by hand").isTrue();
        assertThat(vipWatch.test(tagged("segment+:other"), NOW)).as("added to another segment").isFalse();
        assertThat(byDefinition.test(tagged(), NOW)).as("definition holds").isTrue();
        assertThat(byDefinition.test(tagged("segment-:vip-watch"), NOW)).as("removed by hand").isFalse();
        assertThat(byDefinition.test(tagged("segment-:VIP-watch"), NOW)).as("membership tags compare exactly").isTrue();
        assertThat(byDefinition.test(tagged("segment+:vip-watch", "segment-:vip-watch"), NOW)).as("added wins").isTrue();
        assertThat(Membership.of(ExpressionParser.parse("orders > 5", FIELDS)).test(tagged("segment+:vip-watch"), NOW))
                .as("an unsaved definition knows no hand-made members").isFalse();
    }
}
