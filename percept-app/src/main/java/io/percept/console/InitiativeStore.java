package io.percept.console;

import io.percept.console.InitiativeDefinition.Kind;
import io.percept.console.InitiativeDefinition.Kpi;
import io.percept.platform.JsonValues;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code initiatives} table: the definition as JSON, with name, kind and dates in columns. */
final class InitiativeStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    InitiativeStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Initiatives.Initiative> list() {
        return jdbc.sql("SELECT id, origin, definition FROM initiatives ORDER BY starts_on DESC, id DESC").query((rows, i) -> initiative(rows.getLong(1),
                rows.getString(2), rows.getString(3))).list();
    }

    Optional<Initiatives.Initiative> get(long id) {
        return jdbc.sql("SELECT id, origin, definition FROM initiatives WHERE id = ?").param(id)
                .query((rows, i) -> initiative(rows.getLong(1), rows.getString(2), rows.getString(3))).optional();
    }

    boolean exists(String name) {
        return jdbc.sql("SELECT count(*) FROM initiatives WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    long insert(InitiativeDefinition definition, String origin) {
        LocalDateTime now = LocalDateTime.now(clock);
        return jdbc.sql("INSERT INTO initiatives (name, kind, starts_on, ends_on, definition, origin, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
                .params(definition.name(), definition.kind().wireName(), definition.startsOn(), definition.endsOn(), json(definition), origin, now, now)
                .query(Long.class).single();
    }

    boolean update(long id, InitiativeDefinition definition) {
        return jdbc.sql("UPDATE initiatives SET name = ?, kind = ?, starts_on = ?, ends_on = ?, definition = ?, updated_at = ? WHERE id = ?")
                .params(definition.name(), definition.kind().wireName(), definition.startsOn(), definition.endsOn(), json(definition),
                        LocalDateTime.now(clock), id)
                .update() > 0;
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM initiatives WHERE id = ?").param(id).update() > 0;
    }

    /** The definition as the API takes it. */
    static Map<String, Object> document(InitiativeDefinition definition) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", definition.name());
        document.put("kind", definition.kind().wireName());
        document.put("startsOn", definition.startsOn().toString());
        document.put("endsOn", definition.endsOn() == null ? null : definition.endsOn().toString());
        document.put("regions", definition.regions());
        document.put("controlRegions", definition.controlRegions());
        document.put("segments", definition.segments());
        document.put("skus", definition.skus());
        document.put("categories", definition.categories());
        document.put("kpis", definition.kpis().stream().map(Kpi::wireName).toList());
        return document;
    }

    /**
     * A definition from a document as the API takes it (strings, lists of strings).
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    static InitiativeDefinition definition(Map<String, Object> document) {
        return new InitiativeDefinition(string(document, "name"), Kind.parse(string(document, "kind")), date(document, "startsOn"),
                date(document, "endsOn"), strings(document, "regions"), strings(document, "controlRegions"), strings(document, "segments"),
                strings(document, "skus"), strings(document, "categories"), strings(document, "kpis").stream().map(Kpi::parse).toList());
    }

    private static String json(InitiativeDefinition definition) {
        return JsonValues.toJson(document(definition));
    }

    private static Initiatives.Initiative initiative(long id, String origin, String json) {
        return new Initiatives.Initiative(id, origin, definition(JsonValues.parseObject(json)));
    }

    private static String string(Map<String, Object> document, String key) {
        Object value = document.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return (String) value;
    }

    private static LocalDate date(Map<String, Object> document, String key) {
        String value = string(document, key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be a date like 2026-09-01, was '" + value + "'");
        }
    }

    private static List<String> strings(Map<String, Object> document, String key) {
        Object value = document.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text.split("[,，、\\n]"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(entry -> {
                if (!(entry instanceof String text)) {
                    throw new IllegalArgumentException(key + " must be a list of strings");
                }
                return text;
            }).toList();
        }
        throw new IllegalArgumentException(key + " must be a list of strings");
    }
}
