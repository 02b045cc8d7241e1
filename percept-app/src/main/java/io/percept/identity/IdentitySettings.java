package io.percept.identity;

import io.percept.identity.domain.IdentifierValues;
import io.percept.identity.domain.IdentityRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of identity resolution ({@code percept.identity.*}); see {@code docs/identity.md}.
 *
 * @param customTypes        extra identifier types (e.g. {@code wechat_openid}), in priority order,
 *                           ranked after {@code phone} and before {@code device_id}
 * @param limits             most values per profile by type name, overriding the defaults
 *                           ({@code user_id} 1, {@code email} 5, {@code phone} 5, custom 5,
 *                           {@code device_id} 50, {@code anonymous_id} 50)
 * @param priority           the full priority order by type name, highest first; empty for the
 *                           default order
 * @param maxMerges          most merges into one profile
 * @param blocklist          values that are never identifiers, added to the built-in placeholders
 * @param replaceBlocklist   whether {@code blocklist} replaces the built-in placeholders instead
 * @param defaultCountryCode the country code of phone numbers written without one
 */
@ConfigurationProperties("percept.identity")
public record IdentitySettings(
        @DefaultValue List<CustomType> customTypes,
        @DefaultValue Map<String, Integer> limits,
        @DefaultValue List<String> priority,
        @DefaultValue("100") int maxMerges,
        @DefaultValue List<String> blocklist,
        @DefaultValue("false") boolean replaceBlocklist,
        @DefaultValue("86") String defaultCountryCode) {

    /**
     * A custom identifier type.
     *
     * @param name  the type's name, e.g. {@code wechat_openid}
     * @param paths where events carry it, e.g. {@code traits.wechat_openid},
     *              {@code context.traits.wechat_openid}, {@code properties.member_card}; by default
     *              {@code traits.<name>} and {@code context.traits.<name>}
     * @param limit most values per profile (default 5)
     */
    public record CustomType(String name, List<String> paths, Integer limit) {

        public CustomType {
            new IdentifierType(name);
            paths = paths == null || paths.isEmpty() ? List.of("traits." + name, "context.traits." + name) : List.copyOf(paths);
            for (String path : paths) {
                String root = path.split("\\.", 2)[0];
                if (!Set.of("traits", "properties", "context").contains(root) || !path.contains(".")) {
                    throw new IllegalArgumentException("custom identifier '" + name + "': path '" + path
                            + "' must start with traits., properties. or context.");
                }
            }
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("custom identifier '" + name + "': limit must be at least 1");
            }
        }
    }

    public IdentitySettings {
        customTypes = customTypes == null ? List.of() : List.copyOf(customTypes);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        priority = priority == null ? List.of() : List.copyOf(priority);
        blocklist = blocklist == null ? List.of() : List.copyOf(blocklist);
        Set<String> names = new HashSet<>(List.of("user_id", "email", "phone", "device_id", "anonymous_id"));
        for (CustomType type : customTypes) {
            if (!names.add(type.name())) {
                throw new IllegalArgumentException("identifier type '" + type.name() + "' is declared twice or is built in");
            }
        }
        rules(customTypes, limits, priority, maxMerges);
    }

    /** The defaults: no custom types, default limits, order, blocklist and country code 86. */
    public static IdentitySettings defaults() {
        return new IdentitySettings(List.of(), Map.of(), List.of(), 100, List.of(), false, "86");
    }

    /** The identity rules these settings describe. */
    public IdentityRules rules() {
        return rules(customTypes, limits, priority, maxMerges);
    }

    /** How identifier values are normalised and which are blocked. */
    public IdentifierValues values() {
        Set<String> blocked = new HashSet<>(replaceBlocklist ? Set.of() : IdentifierValues.DEFAULT_BLOCKLIST);
        blocked.addAll(blocklist);
        return new IdentifierValues(blocked, defaultCountryCode);
    }

    private static IdentityRules rules(List<CustomType> customTypes, Map<String, Integer> limits, List<String> priority, int maxMerges) {
        IdentityRules defaults = IdentityRules.defaults(customTypes.stream().map(type -> new IdentifierType(type.name())).toList());
        Map<String, IdentifierType> byName = defaults.typesByName();
        Map<IdentifierType, Integer> merged = new LinkedHashMap<>(defaults.limits());
        for (CustomType type : customTypes) {
            if (type.limit() != null) {
                merged.put(new IdentifierType(type.name()), type.limit());
            }
        }
        limits.forEach((name, limit) -> merged.put(known(byName, name), limit));
        List<IdentifierType> order = defaults.priority();
        if (!priority.isEmpty()) {
            order = new ArrayList<>();
            for (String name : priority) {
                order.add(known(byName, name));
            }
        }
        return new IdentityRules(order, merged, maxMerges);
    }

    private static IdentifierType known(Map<String, IdentifierType> byName, String name) {
        IdentifierType type = byName.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown identifier type '" + name + "' (known: " + String.join(", ", byName.keySet().stream().sorted().toList()) + ")");
        }
        return type;
    }
}
