package io.percept.identity.domain;

import static io.percept.identity.domain.TestLinks.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The identity scenarios every CDP gets wrong somewhere, one by one. */
class IdentityGraphTests {

    private final IdentityGraph graph = new IdentityGraph(IdentityRules.defaults(List.of()));

    private static Identifier user(String value) {
        return new Identifier(IdentifierType.USER_ID, value);
    }

    private static Identifier anonymous(String value) {
        return new Identifier(IdentifierType.ANONYMOUS_ID, value);
    }

    private ProfileId profile(Identifier identifier) {
        return graph.profileOf(identifier).orElseThrow();
    }

    @Test
    void anonymousBrowsingThenLoginBecomesOneProfileWithTheOlderId() {
        Resolution.Resolved browsing = (Resolution.Resolved) graph.apply(at(1).anonymous("a1").link());
        graph.apply(at(2).anonymous("a1").link());
        Resolution.Resolved login = (Resolution.Resolved) graph.apply(at(3).user("alice").anonymous("a1").link());

        assertThat(browsing.created()).isTrue();
        assertThat(login.merges()).isEmpty();
        assertThat(login.profile()).as("alice joined the anonymous profile").isEqualTo(browsing.profile());
        assertThat(graph.identifiers(login.profile())).containsExactly(user("alice"), anonymous("a1"));

        graph.apply(at(4).user("alice").link());
        graph.apply(at(5).anonymous("a2").link());
        Resolution.Resolved secondDevice = (Resolution.Resolved) graph.apply(at(6).user("alice").anonymous("a2").link());
        assertThat(secondDevice.merges()).singleElement().satisfies(merge -> {
            assertThat(merge.survivor()).isEqualTo(browsing.profile());
            assertThat(merge.via()).isEqualTo(anonymous("a2"));
        });
        assertThat(graph.profileCount()).isEqualTo(1);
        assertThat(graph.current(merged(secondDevice))).contains(browsing.profile());
    }

    private static ProfileId merged(Resolution.Resolved resolved) {
        return resolved.merges().get(0).absorbed();
    }

    @Test
    void twoPeopleOnOneSharedDeviceStayTwoProfiles() {
        graph.apply(at(1).anonymous("family-tablet").link());
        graph.apply(at(2).user("mum").anonymous("family-tablet").link());
        Resolution.Resolved son = (Resolution.Resolved) graph.apply(at(3).user("son").anonymous("family-tablet").link());

        assertThat(son.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.USER_ID_CONFLICT);
            assertThat(refusal.dropped()).isEqualTo(anonymous("family-tablet"));
            assertThat(refusal.owner()).isEqualTo(profile(user("mum")));
        });
        assertThat(son.profile()).isEqualTo(profile(user("son"))).isNotEqualTo(profile(user("mum")));
        assertThat(graph.partition()).containsExactlyInAnyOrder(Set.of(user("mum"), anonymous("family-tablet")), Set.of(user("son")));
    }

    @Test
    void aLateLinkOfAnIdentifierAlreadyKnownThenRecomputesNothing() {
        graph.apply(at(2).user("mum").anonymous("family-tablet").link());
        graph.apply(at(5).user("son").anonymous("family-tablet").link());
        graph.apply(at(9).user("mum").link());

        Resolution.Resolved lateKnown = (Resolution.Resolved) graph.apply(at(4).user("mum").link());
        Resolution.Resolved lateUnknownBefore = (Resolution.Resolved) graph.apply(at(1).user("son").link());

        assertThat(lateKnown.recomputed()).as("mum was known at 2, so her id alone at 4 changes nothing").isNull();
        assertThat(lateKnown.profile()).isEqualTo(profile(user("mum")));
        assertThat(lateUnknownBefore.recomputed()).as("son first appeared at 5: at 1 his id alone makes him older").isNotNull();
        assertThat(graph.partition()).containsExactlyInAnyOrder(Set.of(user("mum"), anonymous("family-tablet")), Set.of(user("son")));
    }

    @Test
    void aProfileNeverHoldsTwoUserIdsButAnAliasMergesThem() {
        graph.apply(at(1).user("old-crm-id").email("li@example.com").link());
        Resolution.Resolved second = (Resolution.Resolved) graph.apply(at(2).user("new-id").email("li@example.com").link());
        assertThat(second.refusals()).extracting(Resolution.Refusal::rule).containsExactly(Rule.USER_ID_CONFLICT);
        assertThat(graph.profileCount()).isEqualTo(2);

        Resolution.Resolved alias = (Resolution.Resolved) graph.apply(TestLinks.alias(3, "new-id", "old-crm-id"));
        assertThat(alias.merges()).hasSize(1);
        assertThat(graph.profileCount()).isEqualTo(1);
        assertThat(graph.identifiers(alias.profile())).contains(user("new-id"), user("old-crm-id"));
    }

    @Test
    void anEventWithOnlyPlaceholdersMergesNothing() {
        IdentifierValues values = IdentifierValues.defaults();
        graph.apply(at(1).user("alice").link());
        graph.apply(at(2).user("bob").link());
        Link nullIdentify = new Link(new LinkKey(3, 0), java.util.stream.Stream.of(
                values.normalize(IdentifierType.USER_ID, "null"), values.normalize(IdentifierType.ANONYMOUS_ID, "undefined"))
                .flatMap(java.util.Optional::stream).toList(), false);

        assertThat(graph.apply(nullIdentify)).isInstanceOf(Resolution.Unattributed.class);
        assertThat(graph.profileCount()).isEqualTo(2);
    }

    @Test
    void limitsDropTheLowerPriorityIdentifier() {
        IdentityGraph small = new IdentityGraph(new IdentityRules(List.of(IdentifierType.USER_ID, IdentifierType.EMAIL,
                IdentifierType.ANONYMOUS_ID), Map.of(IdentifierType.USER_ID, 1, IdentifierType.EMAIL, 1, IdentifierType.ANONYMOUS_ID, 2), 100));
        small.apply(at(1).user("u").anonymous("a1").link());
        small.apply(at(2).user("u").anonymous("a2").link());
        Resolution.Resolved third = (Resolution.Resolved) small.apply(at(3).user("u").anonymous("a3").link());

        assertThat(third.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.LIMIT);
            assertThat(refusal.dropped()).isEqualTo(anonymous("a3"));
            assertThat(refusal.owner()).isNull();
        });
        assertThat(small.profileOf(anonymous("a3"))).isEmpty();
        assertThat(small.identifiers(third.profile())).hasSize(3);
    }

    @Test
    void theMergeCapStopsRunawayMerging() {
        IdentityGraph capped = new IdentityGraph(new IdentityRules(List.of(IdentifierType.USER_ID, IdentifierType.ANONYMOUS_ID),
                Map.of(IdentifierType.USER_ID, 1, IdentifierType.ANONYMOUS_ID, 50), 2));
        for (int i = 1; i <= 4; i++) {
            capped.apply(at(i).anonymous("a" + i).link());
        }
        capped.apply(at(10).anonymous("a1").anonymous("a2").link());
        capped.apply(at(11).anonymous("a1").anonymous("a3").link());
        Resolution.Resolved third = (Resolution.Resolved) capped.apply(at(12).anonymous("a1").anonymous("a4").link());

        assertThat(third.refusals()).extracting(Resolution.Refusal::rule).containsExactly(Rule.MERGE_CAP);
        assertThat(capped.profileCount()).isEqualTo(2);
    }

    @Test
    void aSplitSeparatesAnIdentifierAndKeepsItApart() {
        graph.apply(at(0).anonymous("shared-laptop").link());
        graph.apply(at(1).user("dad").anonymous("shared-laptop").link());
        graph.apply(at(2).anonymous("shared-laptop").email("dad@example.com").link());
        ProfileId dad = profile(user("dad"));

        Resolution.Recomputed split = graph.separate(anonymous("shared-laptop")).orElseThrow();

        assertThat(split.before()).containsExactly(dad);
        assertThat(split.after()).hasSize(2).contains(dad);
        assertThat(profile(user("dad"))).isEqualTo(dad);
        assertThat(profile(anonymous("shared-laptop"))).isNotEqualTo(dad);
        assertThat(graph.identifiers(dad)).containsExactly(user("dad"), new Identifier(IdentifierType.EMAIL, "dad@example.com"));

        Resolution.Resolved again = (Resolution.Resolved) graph.apply(at(3).user("dad").anonymous("shared-laptop").device("d1").link());
        assertThat(again.refusals()).extracting(Resolution.Refusal::rule).containsExactly(Rule.SEPARATED);
        assertThat(graph.profileCount()).isEqualTo(2);
    }

    @Test
    void aLateEventResolvesAsIfItHadArrivedInTime() {
        // the tablet's first login was Mum's, but her event arrives after her son's
        graph.apply(at(5).user("son").anonymous("tablet").link());
        Resolution.Resolved late = (Resolution.Resolved) graph.apply(at(2).user("mum").anonymous("tablet").link());

        assertThat(late.recomputed()).isNotNull();
        assertThat(graph.partition()).containsExactlyInAnyOrder(Set.of(user("mum"), anonymous("tablet")), Set.of(user("son")));
        assertThat(late.profile()).isEqualTo(profile(user("mum")));
    }
}
