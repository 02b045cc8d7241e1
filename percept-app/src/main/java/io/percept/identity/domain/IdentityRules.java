package io.percept.identity.domain;

import io.percept.identity.IdentifierType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity rules: identifier types in priority order (highest first), how many values of
 * each type one profile may hold, and how many merges one profile may absorb.
 *
 * @param priority  every identifier type, highest priority first
 * @param limits    most values per profile, by type (every type in {@code priority})
 * @param maxMerges most merges into one profile
 */
public record IdentityRules(List<IdentifierType> priority, Map<IdentifierType, Integer> limits, int maxMerges) {

    public IdentityRules {
        priority = List.copyOf(priority);
        limits = Map.copyOf(limits);
        if (priority.isEmpty() || priority.stream().distinct().count() != priority.size()) {
            throw new IllegalArgumentException("the priority order must list each identifier type once");
        }
        for (IdentifierType type : priority) {
            Integer limit = limits.get(type);
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException("identifier type " + type + " needs a limit of at least 1");
            }
        }
        if (!limits.keySet().equals(new java.util.HashSet<>(priority))) {
            throw new IllegalArgumentException("limits must be given for exactly the types in the priority order");
        }
        if (maxMerges < 1) {
            throw new IllegalArgumentException("max merges must be at least 1");
        }
    }

    /**
     * The defaults: user_id (1) > email (5) > phone (5) > custom types (5 each, in the order
     * given) > device_id (50) > anonymous_id (50); 100 merges.
     */
    public static IdentityRules defaults(List<IdentifierType> custom) {
        List<IdentifierType> priority = new ArrayList<>(List.of(IdentifierType.USER_ID, IdentifierType.EMAIL, IdentifierType.PHONE));
        Map<IdentifierType, Integer> limits = new LinkedHashMap<>();
        limits.put(IdentifierType.USER_ID, 1);
        limits.put(IdentifierType.EMAIL, 5);
        limits.put(IdentifierType.PHONE, 5);
        for (IdentifierType type : custom) {
            priority.add(type);
            limits.put(type, 5);
        }
        priority.add(IdentifierType.DEVICE_ID);
        priority.add(IdentifierType.ANONYMOUS_ID);
        limits.put(IdentifierType.DEVICE_ID, 50);
        limits.put(IdentifierType.ANONYMOUS_ID, 50);
        return new IdentityRules(priority, limits, 100);
    }

    /** The type's position in the priority order, 0 for the highest. */
    public int rank(IdentifierType type) {
        int rank = priority.indexOf(type);
        if (rank < 0) {
            throw new IllegalArgumentException("unknown identifier type " + type);
        }
        return rank;
    }

    /** The limit of each type, indexed by rank. */
    int[] limitsByRank() {
        int[] byRank = new int[priority.size()];
        for (int i = 0; i < byRank.length; i++) {
            byRank[i] = limits.get(priority.get(i));
        }
        return byRank;
    }

    /** Types by name, for parsing. */
    public Map<String, IdentifierType> typesByName() {
        Map<String, IdentifierType> byName = new HashMap<>();
        priority.forEach(type -> byName.put(type.name(), type));
        return byName;
    }
}
