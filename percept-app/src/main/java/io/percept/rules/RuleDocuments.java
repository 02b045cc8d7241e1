package io.percept.rules;

import io.percept.platform.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Rule documents as text: JSON, or YAML (a document that does not start with '{'). */
public final class RuleDocuments {

    private RuleDocuments() {
    }

    /**
     * Checks a document as a rule, without a server (a condition's fields are checked when it is saved).
     *
     * @return its id and number of actions, as "id (n actions)"
     * @throws IllegalArgumentException naming the JSON path and the problem
     */
    public static String check(Map<String, Object> document, boolean cluster) {
        io.percept.rules.domain.Rule rule = io.percept.rules.domain.Rule.fromDocument(document, cluster);
        return rule.id() + " (" + rule.actions().size() + (rule.actions().size() == 1 ? " action)" : " actions)");
    }

    /**
     * The document in {@code text}.
     *
     * @param where names the text in messages (a file, "the request")
     * @throws IllegalArgumentException when it is neither a JSON nor a YAML object
     */
    public static Map<String, Object> parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(where + " is empty: send a rule document (JSON or YAML)");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                return JsonValues.parseObject(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " is not valid JSON: " + e.getMessage(), e);
            }
        }
        Object document;
        try {
            document = io.percept.platform.YamlText.load(text, where);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(where + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a JSON or YAML object (a rule document), was " + (document == null ? "empty" : "a "
                    + document.getClass().getSimpleName()));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
