package io.percept.identity;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.identity.domain.IdentifierValues;
import io.percept.identity.domain.IdentityRules;
import io.percept.identity.domain.Link;
import io.percept.identity.domain.LinkKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an event's identifiers (see the table in {@code docs/identity.md}): {@code userId},
 * {@code anonymousId}, email and phone from {@code traits} or {@code context.traits},
 * {@code context.device.id}, and the custom types' paths. Values are normalised and placeholders
 * dropped. Thread-safe.
 */
public final class IdentifierExtractor {

    private final IdentityRules rules;
    private final IdentifierValues values;
    private final List<IdentitySettings.CustomType> customTypes;
    private final Map<IdentifierType, Integer> ranks = new HashMap<>();
    private final List<IdentifierType> customTypeIds;

    public IdentifierExtractor(IdentitySettings settings) {
        this.rules = settings.rules();
        this.values = settings.values();
        this.customTypes = settings.customTypes();
        this.customTypeIds = customTypes.stream().map(custom -> new IdentifierType(custom.name())).toList();
        rules.priority().forEach(type -> ranks.put(type, rules.rank(type)));
    }

    public IdentityRules rules() {
        return rules;
    }

    public IdentifierValues values() {
        return values;
    }

    /**
     * The event's link: its identifiers, highest priority first (for an alias, the target user id
     * first, then {@code previousId} as a user id and as an anonymous id), keyed by event time and
     * a hash of source and message id.
     */
    public Link link(Event event) {
        List<Identifier> found = new ArrayList<>(4);
        boolean alias = event.type() == EventType.ALIAS;
        add(found, IdentifierType.USER_ID, event.userId());
        if (alias) {
            add(found, IdentifierType.USER_ID, event.previousId());
            add(found, IdentifierType.ANONYMOUS_ID, event.previousId());
        }
        Attributes traits = event.traits();
        Attributes contextTraits = event.context().object("traits");
        add(found, IdentifierType.EMAIL, traits.get("email"));
        add(found, IdentifierType.EMAIL, contextTraits.get("email"));
        add(found, IdentifierType.PHONE, traits.get("phone"));
        add(found, IdentifierType.PHONE, contextTraits.get("phone"));
        for (int c = 0; c < customTypes.size(); c++) {
            IdentitySettings.CustomType custom = customTypes.get(c);
            IdentifierType type = customTypeIds.get(c);
            for (String path : custom.paths()) {
                add(found, type, valueAt(event, path));
            }
        }
        add(found, IdentifierType.DEVICE_ID, event.context().object("device").get("id"));
        add(found, IdentifierType.ANONYMOUS_ID, event.anonymousId());
        List<Identifier> ordered = new ArrayList<>(found.size());
        for (Identifier identifier : found) {
            if (!ordered.contains(identifier)) {
                ordered.add(identifier);
            }
        }
        Identifier target = alias && !ordered.isEmpty() && ordered.get(0).type().equals(IdentifierType.USER_ID) ? ordered.get(0) : null;
        ordered.sort(Comparator.comparingInt((Identifier identifier) -> identifier.equals(target) ? -1 : ranks.get(identifier.type()))
                .thenComparing(Identifier::value));
        return new Link(key(event), ordered, alias && target != null);
    }

    /** The event's place in the canonical order. */
    public static LinkKey key(Event event) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, event.timestamp());
        return new LinkKey(micros, fnv(event.source().value(), event.messageId().value()));
    }

    /** The normalised identifier, or empty if {@code raw} is not a usable value of {@code type}. */
    public Optional<Identifier> normalize(IdentifierType type, Object raw) {
        rules.rank(type);
        return values.normalize(type, raw);
    }

    private void add(List<Identifier> found, IdentifierType type, Object raw) {
        if (raw != null) {
            values.normalize(type, raw).ifPresent(found::add);
        }
    }

    private static Object valueAt(Event event, String path) {
        int dot = path.indexOf('.');
        String rest = path.substring(dot + 1);
        return switch (path.substring(0, dot)) {
            case "traits" -> event.traits().path(rest);
            case "properties" -> event.properties().path(rest);
            default -> event.context().path(rest);
        };
    }

    /** 64-bit FNV-1a over both strings (UTF-16 units), separated; stable across runs and machines. */
    private static long fnv(String a, String b) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < a.length(); i++) {
            hash = (hash ^ a.charAt(i)) * 0x100000001b3L;
        }
        hash = (hash ^ 0xFFFF) * 0x100000001b3L;
        for (int i = 0; i < b.length(); i++) {
            hash = (hash ^ b.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }
}
