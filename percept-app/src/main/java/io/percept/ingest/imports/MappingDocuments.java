package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.ImportMapping;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.ingest.domain.mapping.MappingParser;
import io.percept.ingest.domain.mapping.RowEvaluator;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads mapping documents: a YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}) file, or
 * the name of a built-in template ({@code orders}, {@code reviews}, ...), which is a YAML resource
 * under {@code import-templates/}. YAML is read with the YAML 1.2 core schema, so {@code no},
 * {@code y} or {@code 2026-01-01} stay text.
 */
public final class MappingDocuments {

    /** The built-in templates. */
    public static final List<String> TEMPLATES = List.of("orders", "reviews", "tickets", "social", "sales-visits", "surveys", "iot");

    private MappingDocuments() {
    }

    /**
     * The mapping named by {@code spec}: a file path, or a template name.
     *
     * @throws InvalidMappingException if it cannot be read or is not a valid mapping
     */
    public static ImportMapping load(String spec) {
        Path file = Path.of(spec);
        if (Files.isRegularFile(file)) {
            return parse(read(file), file.getFileName().toString());
        }
        if (TEMPLATES.contains(spec)) {
            return parse(Map.of("template", spec), "template " + spec);
        }
        throw new InvalidMappingException("", "'" + spec + "' is neither a mapping file nor a template (" + String.join(", ", TEMPLATES) + ")");
    }

    /** Parses a document already read, reporting errors as coming from {@code origin}. */
    public static ImportMapping parse(Map<String, Object> document, String origin) {
        try {
            ImportMapping mapping = MappingParser.parse(document, MappingDocuments::template);
            for (String column : new RowEvaluator(mapping, JsonValues::parseObject).referencedColumns()) {
                JsonRecord.checkPath(column, "columns");
            }
            return mapping;
        } catch (InvalidMappingException e) {
            throw new InvalidMappingException("", origin + ": " + e.getMessage());
        }
    }

    /**
     * A document given as text (YAML, or JSON, which YAML 1.2 reads too).
     *
     * @throws InvalidMappingException if it is not valid YAML or not an object
     */
    public static Map<String, Object> document(String text, String origin) {
        return yaml(text, origin);
    }

    /** A template's document, or {@code null}. */
    static Map<String, Object> template(String name) {
        if (!TEMPLATES.contains(name)) {
            return null;
        }
        try (InputStream in = MappingDocuments.class.getResourceAsStream("/import-templates/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " is missing from the application");
            }
            return yaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "template " + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read template " + name, e);
        }
    }

    private static Map<String, Object> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidMappingException("", "cannot read " + file + ": " + e.getMessage());
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".json")) {
            try {
                return JsonValues.parseObject(text);
            } catch (MalformedJsonException e) {
                throw new InvalidMappingException("", file.getFileName() + ": " + e.getMessage());
            }
        }
        return yaml(text, file.getFileName().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text, String origin) {
        Object document;
        try {
            document = io.percept.platform.YamlText.load(text, origin);
        } catch (YamlEngineException e) {
            throw new InvalidMappingException("", origin + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidMappingException("", origin + " must be a YAML object (key: value lines)");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new InvalidMappingException("", origin + ": a key must be a name, was " + (key == null ? "empty" : key));
            }
        }
        return (Map<String, Object>) map;
    }
}
