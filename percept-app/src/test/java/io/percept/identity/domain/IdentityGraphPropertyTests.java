package io.percept.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Properties of the identity graph over thousands of random scenarios: small universes of ids
 * and tight limits, so refusals, shared devices, late events and repeated sets are common. Each
 * scenario is applied in canonical order and in many random orders. A failing scenario is shrunk
 * to the fewest links that still fail and reported with its seed.
 *
 * <p>(Written without a property-testing library: jqwik, the usual choice, asks not to be used by
 * coding agents from version 1.10 on and is built on the JUnit Platform 1.x.)
 */
class IdentityGraphPropertyTests {

    private static final int SCENARIOS = 3000;
    private static final int ORDERS = 12;
    private static final IdentityRules TIGHT = new IdentityRules(
            List.of(IdentifierType.USER_ID, IdentifierType.EMAIL, IdentifierType.DEVICE_ID, IdentifierType.ANONYMOUS_ID),
            Map.of(IdentifierType.USER_ID, 1, IdentifierType.EMAIL, 2, IdentifierType.DEVICE_ID, 2, IdentifierType.ANONYMOUS_ID, 3), 100);

    @Test
    void theSameLinksGiveTheSamePartitionInAnyOrder() {
        check("partition independent of order", links -> {
            Set<Set<Identifier>> canonical = partition(sorted(links));
            Random random = new Random(links.hashCode());
            for (int order = 0; order < ORDERS; order++) {
                List<Link> shuffled = new ArrayList<>(links);
                Collections.shuffle(shuffled, random);
                if (!partition(shuffled).equals(canonical)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void limitsHoldAndNoProfileEverHoldsTwoUserIdsWithoutAnAlias() {
        check("limits and the user-id rule hold after every link", links -> {
            List<Link> shuffled = new ArrayList<>(links);
            Collections.shuffle(shuffled, new Random(links.hashCode()));
            boolean aliases = links.stream().anyMatch(Link::alias);
            IdentityGraph graph = new IdentityGraph(TIGHT);
            for (Link link : shuffled) {
                graph.apply(link);
                for (Set<Identifier> profile : graph.partition()) {
                    Map<IdentifierType, Long> counts = profile.stream().collect(Collectors.groupingBy(Identifier::type, Collectors.counting()));
                    for (Map.Entry<IdentifierType, Long> count : counts.entrySet()) {
                        boolean aliasedUsers = aliases && count.getKey().equals(IdentifierType.USER_ID);
                        if (!aliasedUsers && count.getValue() > TIGHT.limits().get(count.getKey())) {
                            return false;
                        }
                    }
                }
            }
            return true;
        });
    }

    @Test
    void everyEventBelongsToTheProfileOfItsHighestPriorityIdentifier() {
        check("every link resolves to the profile of its highest-priority identifier", links -> {
            IdentityGraph graph = new IdentityGraph(TIGHT);
            List<ProfileId> answered = new ArrayList<>();
            for (Link link : links) {
                Resolution resolution = graph.apply(link);
                if (!(resolution instanceof Resolution.Resolved resolved) || !graph.profileOf(top(link)).equals(java.util.Optional.of(resolved.profile()))) {
                    return false;
                }
                answered.add(resolved.profile());
            }
            for (Link link : links) {
                if (graph.profileOf(top(link)).isEmpty()) {
                    return false;
                }
            }
            // an id once answered still leads to a live profile (merged ids redirect)
            return answered.stream().allMatch(id -> graph.current(id).isPresent());
        });
    }

    private static Identifier top(Link link) {
        if (link.alias()) {
            return link.identifiers().get(0);
        }
        return link.identifiers().stream().min(java.util.Comparator.comparingInt((Identifier identifier) -> TIGHT.rank(identifier.type()))
                .thenComparing(Identifier::value)).orElseThrow();
    }

    private static List<Link> sorted(List<Link> links) {
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        return sorted;
    }

    private static Set<Set<Identifier>> partition(List<Link> links) {
        IdentityGraph graph = new IdentityGraph(TIGHT);
        links.forEach(graph::apply);
        return graph.partition();
    }

    /** Runs the property over random scenarios; on failure shrinks the scenario and fails with it. */
    private static void check(String property, Predicate<List<Link>> holds) {
        for (int scenario = 0; scenario < SCENARIOS; scenario++) {
            long seed = 20261127L * 31 + scenario;
            List<Link> links = scenario(new Random(seed));
            if (!holds.test(links)) {
                List<Link> smallest = shrink(links, holds);
                throw new AssertionError(property + " fails for seed " + seed + "; smallest failing scenario:\n"
                        + smallest.stream().map(IdentityGraphPropertyTests::describe).collect(Collectors.joining("\n")));
            }
        }
        assertThat(SCENARIOS).isPositive();
    }

    private static List<Link> shrink(List<Link> links, Predicate<List<Link>> holds) {
        List<Link> current = new ArrayList<>(links);
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (int i = 0; i < current.size(); i++) {
                List<Link> without = new ArrayList<>(current);
                without.remove(i);
                if (!without.isEmpty() && !holds.test(without)) {
                    current = without;
                    smaller = true;
                    break;
                }
            }
        }
        return current;
    }

    private static String describe(Link link) {
        return "  t=" + link.key().micros() + "/" + link.key().tie() + (link.alias() ? " alias " : " ") + link.identifiers();
    }

    /** 3-30 links over 4 users, 3 emails, 2 devices and 6 anonymous ids; some repeat a set, a few are aliases. */
    private static List<Link> scenario(Random random) {
        int count = 3 + random.nextInt(28);
        List<Link> links = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LinkKey key = new LinkKey(random.nextInt(40), i * 7919L % 1009);
            if (i > 0 && random.nextInt(8) == 0) {
                Link earlier = links.get(random.nextInt(i));
                links.add(new Link(key, earlier.identifiers(), earlier.alias()));
                continue;
            }
            if (random.nextInt(25) == 0) {
                String target = "u" + random.nextInt(4);
                String previous = random.nextBoolean() ? "u" + random.nextInt(4) : "a" + random.nextInt(6);
                links.add(new Link(key, List.of(id(IdentifierType.USER_ID, target), id(IdentifierType.USER_ID, previous),
                        id(IdentifierType.ANONYMOUS_ID, previous)), true));
                continue;
            }
            List<Identifier> identifiers = new ArrayList<>();
            int size = 1 + random.nextInt(3);
            for (int k = 0; k < size; k++) {
                int kind = random.nextInt(10);
                if (kind < 3) {
                    identifiers.add(id(IdentifierType.USER_ID, "u" + random.nextInt(4)));
                } else if (kind < 5) {
                    identifiers.add(id(IdentifierType.EMAIL, "e" + random.nextInt(3) + "@x.cn"));
                } else if (kind < 6) {
                    identifiers.add(id(IdentifierType.DEVICE_ID, "d" + random.nextInt(2)));
                } else {
                    identifiers.add(id(IdentifierType.ANONYMOUS_ID, "a" + random.nextInt(6)));
                }
            }
            links.add(new Link(key, identifiers, false));
        }
        return links;
    }

    private static Identifier id(IdentifierType type, String value) {
        return new Identifier(type, value);
    }
}
