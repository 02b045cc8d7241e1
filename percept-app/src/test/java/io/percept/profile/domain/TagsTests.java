package io.percept.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A profile's tags changed one by one: sorted, distinct, bounded, the other traits left alone. */
class TagsTests {

    @Test
    void removesThenAddsKeepingTheOtherTagsSortedAndDistinct() {
        assertThat(Tags.change(List.of("new-customer", "b"), List.of("vip", " 需回访 ", "a", "vip"), List.of("new-customer")))
                .containsExactly("a", "b", "vip", "需回访");
        assertThat(Tags.change(null, List.of("vip"), List.of())).containsExactly("vip");
        assertThat(Tags.change("one tag", List.of("vip"), List.of())).as("a text trait is one tag").containsExactly("one tag", "vip");
        assertThat(Tags.change(List.of("vip", 7), List.of(), List.of("vip"))).as("non-texts are no tags").isEmpty();
        assertThat(Tags.change(List.of(), List.of("", "x".repeat(65)), List.of())).as("blank and too long are ignored").isEmpty();
    }

    @Test
    void isIdempotent() {
        List<String> once = Tags.change(List.of("a"), List.of("b"), List.of("c"));

        assertThat(Tags.change(once, List.of("b"), List.of("c"))).isEqualTo(once);
    }

    @Test
    void aFullSetKeepsItsTagsAndDropsTheAddsThatDoNotFit() {
        List<String> full = new ArrayList<>();
        for (int i = 0; i < Tags.LIMIT; i++) {
            full.add("t%03d".formatted(i));
        }

        assertThat(Tags.change(full, List.of("zz", "t005"), List.of())).isEqualTo(full);
        assertThat(Tags.change(full, List.of("zz"), List.of("t000"))).hasSize(Tags.LIMIT).contains("zz").doesNotContain("t000");
    }

    @Test
    void aProfileTakesTagChangesWithoutLosingItsOtherTraits() {
        ProfileState state = new ProfileState();
        Interner interner = new Interner();
        state.applyDerivedTraits(Attributes.copyOf(Map.of("plan", "pro", "tags", List.of("new-customer"))), 1, "crm", ProfileRules.defaults(),
                interner);

        state.changeTags(List.of("vip"), List.of("new-customer"), 2, "percept-rules", ProfileRules.defaults(), interner);
        state.changeTags(List.of("gold"), List.of(), 3, "percept-rules", ProfileRules.defaults(), interner);

        assertThat(state.traits()).containsEntry("plan", "pro").containsEntry("tags", List.of("gold", "vip"));
        assertThat(state.events()).isZero();
    }
}
