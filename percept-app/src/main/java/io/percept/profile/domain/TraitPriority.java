package io.percept.profile.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sources win for which traits. A trait listed here takes its value from the
 * highest-ranked source that has sent one (e.g. {@code email: [crm, web]}: the CRM's email wins
 * over the web's, however recent); among equal ranks, and for traits not listed, the most recent
 * value wins.
 */
public final class TraitPriority {

    /** No priorities: the most recent value always wins. */
    public static final TraitPriority NONE = new TraitPriority(Map.of());

    private final Map<String, Map<String, Integer>> ranks = new HashMap<>();

    /** @param bySource trait name to source names, highest priority first */
    public TraitPriority(Map<String, List<String>> bySource) {
        bySource.forEach((trait, sources) -> {
            Map<String, Integer> rank = new HashMap<>();
            for (int i = 0; i < sources.size(); i++) {
                rank.put(sources.get(i), sources.size() - i);
            }
            ranks.put(trait, rank);
        });
    }

    /** The source's rank for the trait: higher wins; 0 for unlisted sources and traits. */
    public int rank(String trait, String source) {
        Map<String, Integer> rank = ranks.get(trait);
        return rank == null ? 0 : rank.getOrDefault(source, 0);
    }
}
