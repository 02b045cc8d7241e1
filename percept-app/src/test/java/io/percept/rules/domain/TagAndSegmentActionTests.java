package io.percept.rules.domain;

import static io.percept.rules.domain.TestEvents.rule;
import static io.percept.rules.domain.TestEvents.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code tag} and {@code segment} actions of a rule document: what they read as, and the path and problem of a bad one. */
class TagAndSegmentActionTests {

    private static final String WHEN = "id: r\nwhen: {event: {name: x}}\n";

    @Test
    void readsTagActionsWithOneTagOrListsAndPlaceholders() {
        Rule rule = rule(WHEN + """
                actions:
                  - tag: {add: [vip, 需回访], remove: new-customer}
                  - tag: {add: "tier-${event.properties.tier}"}
                  - tag: {remove: [a, b]}
                """);

        assertThat(rule.actions()).containsExactly(new Action.Tag(List.of("vip", "需回访"), List.of("new-customer")),
                new Action.Tag(List.of("tier-${event.properties.tier}"), List.of()), new Action.Tag(List.of(), List.of("a", "b")));
        assertThat(Rule.fromDocument(rule.toDocument())).isEqualTo(rule);
    }

    @Test
    void readsSegmentActions() {
        Rule rule = rule(WHEN + "actions: [{segment: {add: vip-watch}}, {segment: {remove: 高价值_1}}, {segment: {reset: vip-watch}}]\n");

        assertThat(rule.actions()).containsExactly(new Action.Segment("vip-watch", Action.Segment.Change.ADD),
                new Action.Segment("高价值_1", Action.Segment.Change.REMOVE), new Action.Segment("vip-watch", Action.Segment.Change.RESET));
        assertThat(rule.actions().get(0).toDocument()).isEqualTo(java.util.Map.of("segment", java.util.Map.of("add", "vip-watch")));
        assertThat(Rule.fromDocument(rule.toDocument())).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tag without add or remove | {tag: {}}                                       | $.actions[0].tag: expected add, remove or both, each a tag or a list of tags
            tag unknown field         | {tag: {put: vip}}                               | $.actions[0].tag.put: unknown field (one of add, remove)
            tag not an object         | {tag: vip}                                      | $.actions[0].tag: expected an object, got 'vip'
            empty tag                 | {tag: {add: [vip, '']}}                         | $.actions[0].tag.add[1]: expected a tag of 1 to 64 characters, got ''
            tag not a text            | {tag: {remove: [7]}}                            | $.actions[0].tag.remove[0]: expected a tag of 1 to 64 characters, got 7
            tag too long              | {tag: {add: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}} | $.actions[0].tag.add: expected a tag of 1 to 64 characters, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
            reserved tag              | {tag: {add: 'segment+:vip'}}                    | $.actions[0].tag.add: 'segment+:vip' is reserved: segment actions set the segment+: and segment-: tags
            added and removed         | {tag: {add: [a, b], remove: [c, b]}}            | $.actions[0].tag.remove[1]: 'b' is both added and removed
            bad placeholder           | {tag: {add: [a, '${order.id}']}}                | $.actions[0].tag.add[1]: unknown placeholder '${order.id}' (${event.<path>}, ${profile.<field>}, ${rule.id} or ${rule.name})
            segment add and remove    | {segment: {add: s, remove: s}}                  | $.actions[0].segment: expected exactly one of add, remove, reset, got add, remove
            segment neither           | {segment: {}}                                   | $.actions[0].segment: expected exactly one of add, remove, reset, got none
            segment unknown field     | {segment: {name: s}}                            | $.actions[0].segment.name: unknown field (one of add, remove, reset)
            bad segment name          | {segment: {add: 'vip watch'}}                   | $.actions[0].segment.add: expected a segment name (1 to 64 letters, digits, '_' or '-' (Chinese characters allowed), starting with a letter or digit), got 'vip watch'
            segment name not a text   | {segment: {remove: [a]}}                        | $.actions[0].segment.remove: expected a segment name (1 to 64 letters, digits, '_' or '-' (Chinese characters allowed), starting with a letter or digit), got a list
            """)
    void reportsThePathAndTheProblem(String problem, String action, String message) {
        var document = yaml(WHEN + "actions: [" + action + "]\n");

        assertThatThrownBy(() -> Rule.fromDocument(document)).isInstanceOf(RuleValidationException.class).hasMessage(message);
    }

    @Test
    void refusesMoreThan32TagsInOneAction() {
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            tags.append(i == 0 ? "" : ", ").append("t").append(i);
        }
        var document = yaml(WHEN + "actions: [{tag: {add: [" + tags + "]}}]\n");

        assertThatThrownBy(() -> Rule.fromDocument(document)).isInstanceOfSatisfying(RuleValidationException.class, invalid -> {
            assertThat(invalid.getMessage()).isEqualTo("$.actions[0].tag: at most 32 tags per action, got 33");
            assertThat(invalid.path()).isEqualTo("$.actions[0].tag");
        });
        assertThat(rule(WHEN + "actions: [{tag: {add: [" + tags.substring(tags.indexOf(", ") + 2) + "]}}]\n").actions()).hasSize(1);
    }
}
