package io.percept.rules;

import io.percept.platform.JsonValues;
import io.percept.rules.domain.Action;
import io.percept.rules.domain.Rule;
import io.percept.rules.domain.Trigger;
import io.percept.segmentation.Segments;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rules: stored documents with their version history, validated before they are saved (the
 * document itself, its condition in the segment language, and what this mode supports), and the
 * enabled ones handed to the rules processor whenever they change. Thread-safe.
 */
public final class Rules {

    /** A stored rule: its current document, version, state and times. */
    public record StoredRule(String id, int version, boolean enabled, Map<String, Object> document, Instant createdAt, Instant updatedAt) {
    }

    /** One entry of a rule's history. */
    public record Version(int version, String change, Map<String, Object> document, Instant savedAt) {
    }

    private final JdbcClient jdbc;
    private final Segments segments;
    private final Clock clock;
    private final boolean cluster;
    private final List<Consumer<List<Rule>>> listeners = new CopyOnWriteArrayList<>();

    Rules(JdbcClient jdbc, Segments segments, Clock clock, boolean cluster) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.clock = clock;
        this.cluster = cluster;
    }

    /**
     * Validates a rule document without saving it: the document, its condition, and that the saved
     * segments its {@code segment} actions name exist.
     *
     * @throws IllegalArgumentException naming the JSON path and the problem
     */
    public Rule validate(Map<String, Object> document) {
        Rule rule = parse(document);
        for (int i = 0; i < rule.actions().size(); i++) {
            if (rule.actions().get(i) instanceof Action.Segment segment && segments.get(segment.name()).isEmpty()) {
                throw new IllegalArgumentException("$.actions[" + i + "].segment." + segment.change().key() + ": unknown segment '"
                        + segment.name() + "' (save it first: PUT /api/segments/" + segment.name() + ")");
            }
        }
        return rule;
    }

    /** The rule of a document, its condition checked; the segments of its segment actions are not looked up. */
    private Rule parse(Map<String, Object> document) {
        Rule rule = Rule.fromDocument(document, cluster);
        if (rule.condition() != null) {
            try {
                segments.parse(rule.condition(), null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("$.if: " + e.getMessage(), e);
            }
        }
        if (rule.when() instanceof Trigger.OnCrossing crossing) {
            try {
                segments.parse(crossing.definition(), null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("$.when.crosses.field: " + e.getMessage(), e);
            }
        }
        return rule;
    }

    /**
     * The document as it would be stored: checked as {@link #save} checks it, in canonical form.
     *
     * @throws IllegalArgumentException naming the JSON path and the problem
     */
    public Map<String, Object> canonical(Map<String, Object> document) {
        return validate(document).toDocument();
    }

    /**
     * Creates or replaces the rule the document describes (its {@code id}); a new version is kept.
     *
     * @throws IllegalArgumentException naming the JSON path and the problem
     */
    public StoredRule save(Map<String, Object> document) {
        Rule rule = validate(document);
        Map<String, Object> canonical = rule.toDocument();
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        synchronized (this) {
            Optional<StoredRule> existing = get(rule.id());
            int version = existing.map(stored -> stored.version() + 1).orElse(1);
            String json = JsonValues.toJson(canonical);
            if (existing.isPresent()) {
                jdbc.sql("UPDATE rules SET version = ?, enabled = ?, document = ?, updated_at = ? WHERE id = ?")
                        .params(version, rule.enabled(), json, now, rule.id()).update();
            } else {
                jdbc.sql("INSERT INTO rules (id, version, enabled, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                        .params(rule.id(), version, rule.enabled(), json, now, now).update();
            }
            jdbc.sql("INSERT INTO rule_versions (id, version, change, document, saved_at) VALUES (?, ?, ?, ?, ?)")
                    .params(rule.id(), version, existing.isPresent() ? "updated" : "created", json, now).update();
        }
        changed();
        return get(rule.id()).orElseThrow();
    }

    /** Enables or disables a rule (a new version); empty when there is none. */
    public Optional<StoredRule> setEnabled(String id, boolean enabled) {
        Optional<StoredRule> existing = get(id);
        if (existing.isEmpty()) {
            return existing;
        }
        Map<String, Object> document = new LinkedHashMap<>(existing.get().document());
        document.put("enabled", enabled);
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int version = existing.get().version() + 1;
        String json = JsonValues.toJson(document);
        synchronized (this) {
            jdbc.sql("UPDATE rules SET version = ?, enabled = ?, document = ?, updated_at = ? WHERE id = ?").params(version, enabled, json, now, id)
                    .update();
            jdbc.sql("INSERT INTO rule_versions (id, version, change, document, saved_at) VALUES (?, ?, ?, ?, ?)")
                    .params(id, version, enabled ? "enabled" : "disabled", json, now).update();
        }
        changed();
        return get(id);
    }

    /** Deletes a rule (its history keeps a "deleted" entry); false when there was none. */
    public boolean delete(String id) {
        Optional<StoredRule> existing = get(id);
        if (existing.isEmpty()) {
            return false;
        }
        synchronized (this) {
            jdbc.sql("DELETE FROM rules WHERE id = ?").param(id).update();
            jdbc.sql("INSERT INTO rule_versions (id, version, change, document, saved_at) VALUES (?, ?, 'deleted', ?, ?)")
                    .params(id, existing.get().version() + 1, JsonValues.toJson(existing.get().document()),
                            LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
        }
        changed();
        return true;
    }

    public Optional<StoredRule> get(String id) {
        return jdbc.sql("SELECT id, version, enabled, document, created_at, updated_at FROM rules WHERE id = ?").param(id)
                .query((row, i) -> stored(row)).optional();
    }

    /** Every rule, by id. */
    public List<StoredRule> list() {
        return jdbc.sql("SELECT id, version, enabled, document, created_at, updated_at FROM rules ORDER BY id").query((row, i) -> stored(row)).list();
    }

    /** A rule's versions, oldest first (also after it was deleted). */
    public List<Version> versions(String id) {
        return jdbc.sql("SELECT version, change, document, saved_at FROM rule_versions WHERE id = ? ORDER BY version").param(id)
                .query((row, i) -> new Version(row.getInt(1), row.getString(2), JsonValues.parseObject(row.getString(3)),
                        row.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .list();
    }

    /**
     * The enabled rules, parsed. A stored rule that no longer validates (a condition over a field gone) is
     * left out; one whose segment action names a segment deleted since runs (its membership tags are harmless).
     */
    public List<Rule> enabled() {
        List<Rule> rules = new ArrayList<>();
        for (StoredRule stored : list()) {
            if (stored.enabled()) {
                try {
                    rules.add(parse(stored.document()));
                } catch (IllegalArgumentException e) {
                    org.slf4j.LoggerFactory.getLogger(Rules.class).warn("Rule {} is not run: {}", stored.id(), e.getMessage());
                }
            }
        }
        return rules;
    }

    /** Tells {@code listener} the enabled rules now and after every change. */
    void onChange(Consumer<List<Rule>> listener) {
        listeners.add(listener);
        listener.accept(enabled());
    }

    private void changed() {
        List<Rule> rules = enabled();
        for (Consumer<List<Rule>> listener : listeners) {
            listener.accept(rules);
        }
    }

    private static StoredRule stored(java.sql.ResultSet row) throws java.sql.SQLException {
        return new StoredRule(row.getString(1), row.getInt(2), row.getBoolean(3), JsonValues.parseObject(row.getString(4)),
                row.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC), row.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }
}
