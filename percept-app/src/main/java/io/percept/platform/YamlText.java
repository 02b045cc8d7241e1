package io.percept.platform;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML document (core schema) from text users send: rule documents, import and webhook
 * mappings, taxonomies. The parser recurses once per level of nesting and has no limit of its own,
 * so a document of a few kilobytes of brackets would overflow the request thread's stack: flow
 * nesting deeper than {@value #MAX_DEPTH} is refused before parsing, and block nesting so deep that
 * the parser still runs out of stack is refused as well. Aliases are limited by the parser (50 per
 * collection), which stops alias bombs.
 */
public final class YamlText {

    /** The deepest nesting of flow collections ({@code [ ]}, {@code { }}) a document may have. */
    public static final int MAX_DEPTH = 100;

    private YamlText() {
    }

    /**
     * The document in {@code text}.
     *
     * @param label names the text in messages
     * @throws YamlEngineException when it is not YAML, or nests too deeply
     */
    public static Object load(String text, String label) {
        int depth = flowDepth(text);
        if (depth > MAX_DEPTH) {
            throw new YamlEngineException("brackets nest " + depth + " levels deep; at most " + MAX_DEPTH + " are read");
        }
        try {
            return new Load(LoadSettings.builder().setSchema(new CoreSchema()).setLabel(label).build()).loadFromString(text);
        } catch (StackOverflowError e) {
            // the parser's own state is dropped with the stack; nothing else was touched
            throw new YamlEngineException("the document nests too deeply to be read");
        }
    }

    /** The deepest nesting of '[' and '{' outside quoted strings (an upper bound of what the parser recurses into). */
    static int flowDepth(String text) {
        int depth = 0;
        int deepest = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return deepest;
    }
}
