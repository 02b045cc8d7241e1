package io.percept.ingest.domain.mapping;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds an {@link ImportMapping} from a mapping document (a YAML or JSON object already read into
 * maps and lists). Unknown keys and wrong types are errors that name their path, so a typo does
 * not silently import the wrong thing. A document may start from a template ({@code template:
 * orders}) and rename the template's logical columns to the file's ({@code columns:}); every
 * other key then overrides the template's (properties, traits and context key by key, the
 * timestamp part by part).
 */
public final class MappingParser {

    /** Cells read as missing unless the document says otherwise. */
    public static final Set<String> DEFAULT_NULL_VALUES = Set.of("", "null", "NULL", "nan", "NaN", "N/A", "n/a", "NA");

    private static final ImportMapping DEFAULTS = new ImportMapping(ImportMapping.Format.AUTO,
            new ImportMapping.CsvOptions(',', '"', StandardCharsets.UTF_8, true), DEFAULT_NULL_VALUES, EventType.TRACK, Map.of(), null, null,
            Map.of(), Map.of(), Map.of(), List.of(), null, Set.of());
    private static final Set<String> TOP_LEVEL = Set.of("template", "columns", "format", "csv", "null_values", "type", "event", "name",
            "user_id", "anonymous_id", "message_id", "group_id", "previous_id", "channel", "timestamp", "properties", "traits", "context",
            "rules", "group_by", "items", "totals");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private MappingParser() {
    }

    /**
     * Parses a mapping document.
     *
     * @param document  the document's top-level object
     * @param templates the built-in templates' documents by name ({@code null} for an unknown name)
     * @throws InvalidMappingException naming the path and the problem
     */
    public static ImportMapping parse(Map<String, Object> document, Function<String, Map<String, Object>> templates) {
        checkKeys(document, TOP_LEVEL, "");
        ImportMapping base = DEFAULTS;
        Object templateName = document.get("template");
        if (templateName != null) {
            Map<String, Object> template = templates.apply(text(templateName, "template"));
            if (template == null) {
                throw new InvalidMappingException("template", "there is no built-in template '" + templateName + "'");
            }
            base = overlay(template, DEFAULTS, "template " + templateName);
            Map<String, String> renames = new HashMap<>();
            Set<String> absent = new LinkedHashSet<>();
            Map<String, Object> columns = document.get("columns") == null ? Map.of() : object(document.get("columns"), "columns");
            columns.forEach((logical, actual) -> {
                if (actual == null) {
                    absent.add(logical);
                } else {
                    renames.put(logical, text(actual, "columns." + logical));
                }
            });
            Set<String> optional = new LinkedHashSet<>(detailColumns(base));
            optional.removeAll(renames.keySet());
            optional.addAll(absent);
            base = base.withOptional(optional).renameColumns(column -> renames.getOrDefault(column, column));
        } else if (document.containsKey("columns")) {
            throw new InvalidMappingException("columns", "renames the columns of a template; add template: <name>");
        }
        ImportMapping mapping = overlay(document, base, "");
        validate(mapping);
        return mapping;
    }

    private static ImportMapping overlay(Map<String, Object> document, ImportMapping base, String where) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        try {
            ImportMapping.Format format = document.containsKey("format") ? format(document.get("format")) : base.format();
            ImportMapping.CsvOptions csv = document.containsKey("csv") ? csv(object(document.get("csv"), "csv"), base.csv()) : base.csv();
            Set<String> nulls = document.containsKey("null_values") ? new LinkedHashSet<>(strings(document.get("null_values"), "null_values"))
                    : base.nullValues();
            EventType type = base.type();
            if (document.containsKey("type")) {
                type = EventType.fromWireName(text(document.get("type"), "type"));
                if (type == null) {
                    throw new InvalidMappingException("type", "'" + document.get("type") + "' is not one of track, identify, page, screen, group, alias");
                }
            }
            Map<String, ValueSpec> fields = new LinkedHashMap<>(base.fields());
            for (String field : ImportMapping.FIELD_NAMES.keySet()) {
                if (document.containsKey(field)) {
                    Object value = document.get(field);
                    if (value == null) {
                        fields.remove(field);
                    } else {
                        fields.put(field, field.equals("event") || field.equals("name") ? named(value, field) : value(value, field));
                    }
                }
            }
            Channel channel = base.channel();
            if (document.containsKey("channel")) {
                channel = document.get("channel") == null ? null : channel(document.get("channel"), "channel");
            }
            ImportMapping.TimestampSpec timestamp = document.containsKey("timestamp")
                    ? timestamp(document.get("timestamp"), base.timestamp()) : base.timestamp();
            Map<String, ValueSpec> properties = merged(base.properties(), document, "properties");
            Map<String, ValueSpec> traits = merged(base.traits(), document, "traits");
            Map<String, ValueSpec> context = merged(base.context(), document, "context");
            List<Rule> rules = document.containsKey("rules") ? rules(document.get("rules")) : base.rules();
            ImportMapping.Grouping grouping = grouping(document, base.grouping());
            return new ImportMapping(format, csv, nulls, type, fields, channel, timestamp, properties, traits, context, rules, grouping,
                    base.optional());
        } catch (InvalidMappingException e) {
            throw prefix.isEmpty() ? e : new InvalidMappingException("", prefix + e.getMessage());
        }
    }

    /**
     * Columns a mapping reads only for details (properties, traits, context, item fields), not to
     * identify, time, group, total or decide on a row.
     */
    static Set<String> detailColumns(ImportMapping mapping) {
        Set<String> details = new LinkedHashSet<>();
        java.util.stream.Stream.of(mapping.properties(), mapping.traits(), mapping.context(),
                        mapping.grouping() == null ? Map.<String, ValueSpec>of() : mapping.grouping().itemFields())
                .forEach(specs -> specs.values().forEach(spec -> collect(spec, details)));
        ImportMapping essential = new ImportMapping(mapping.format(), mapping.csv(), mapping.nullValues(), mapping.type(), mapping.fields(),
                mapping.channel(), mapping.timestamp(), Map.of(), Map.of(), Map.of(), mapping.rules(),
                mapping.grouping() == null ? null : new ImportMapping.Grouping(mapping.grouping().keys(), null, Map.of(),
                        mapping.grouping().distinctItems(), mapping.grouping().totals()), Set.of());
        details.removeAll(new RowEvaluator(essential, text -> text).referencedColumns());
        return details;
    }

    private static void collect(ValueSpec spec, Set<String> into) {
        ImportMapping probe = new ImportMapping(ImportMapping.Format.AUTO, DEFAULTS.csv(), Set.of(), EventType.IDENTIFY, Map.of(), null, null,
                Map.of("probe", spec), Map.of(), Map.of(), List.of(), null, Set.of());
        into.addAll(new RowEvaluator(probe, text -> text).referencedColumns());
    }

    private static void validate(ImportMapping mapping) {
        switch (mapping.type()) {
            case TRACK -> require(mapping, "event", "a track mapping needs event: the event's name (or {column: ...})");
            case GROUP -> require(mapping, "group_id", "a group mapping needs group_id");
            case ALIAS -> {
                require(mapping, "previous_id", "an alias mapping needs previous_id");
                require(mapping, "user_id", "an alias mapping needs user_id");
            }
            default -> {
            }
        }
        if (!mapping.fields().containsKey("user_id") && !mapping.fields().containsKey("anonymous_id")
                && mapping.rules().stream().noneMatch(rule -> rule instanceof Rule.Set set
                        && (set.fields().containsKey("user_id") || set.fields().containsKey("anonymous_id")))) {
            throw new InvalidMappingException("user_id", "a mapping needs user_id or anonymous_id: who the row is about");
        }
    }

    private static void require(ImportMapping mapping, String field, String problem) {
        if (!mapping.fields().containsKey(field)) {
            throw new InvalidMappingException(field, problem);
        }
    }

    private static ImportMapping.Format format(Object value) {
        String name = text(value, "format");
        for (ImportMapping.Format format : ImportMapping.Format.values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new InvalidMappingException("format", "'" + name + "' is not one of auto, csv, jsonl, parquet");
    }

    private static ImportMapping.CsvOptions csv(Map<String, Object> csv, ImportMapping.CsvOptions base) {
        checkKeys(csv, Set.of("delimiter", "quote", "encoding", "header"), "csv");
        char delimiter = csv.containsKey("delimiter") ? character(csv.get("delimiter"), "csv.delimiter") : base.delimiter();
        char quote = csv.containsKey("quote") ? character(csv.get("quote"), "csv.quote") : base.quote();
        Charset encoding = base.encoding();
        if (csv.containsKey("encoding")) {
            String name = text(csv.get("encoding"), "csv.encoding");
            try {
                encoding = Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new InvalidMappingException("csv.encoding", "'" + name + "' is not a known character set (e.g. UTF-8, GBK, GB18030)");
            }
        }
        boolean header = csv.containsKey("header") ? bool(csv.get("header"), "csv.header") : base.header();
        if (delimiter == quote) {
            throw new InvalidMappingException("csv", "the delimiter and the quote must differ");
        }
        return new ImportMapping.CsvOptions(delimiter, quote, encoding, header);
    }

    private static ImportMapping.TimestampSpec timestamp(Object value, ImportMapping.TimestampSpec base) {
        if (value == null) {
            return null;
        }
        if (value instanceof String column) {
            return new ImportMapping.TimestampSpec(column, base == null ? null : base.pattern(), base == null ? null : base.epoch(),
                    base == null ? ZoneOffset.UTC : base.zone());
        }
        Map<String, Object> spec = object(value, "timestamp");
        checkKeys(spec, Set.of("column", "format", "zone"), "timestamp");
        String column = spec.containsKey("column") ? text(spec.get("column"), "timestamp.column") : base == null ? null : base.column();
        if (column == null) {
            throw new InvalidMappingException("timestamp.column", "is required: the column holding the event time");
        }
        String pattern = base == null ? null : base.pattern();
        String epoch = base == null ? null : base.epoch();
        if (spec.containsKey("format")) {
            String format = text(spec.get("format"), "timestamp.format");
            pattern = null;
            epoch = null;
            switch (format) {
                case "iso" -> {
                }
                case "epoch_seconds" -> epoch = "seconds";
                case "epoch_millis" -> epoch = "millis";
                default -> {
                    try {
                        DateTimeFormatter.ofPattern(format);
                    } catch (RuntimeException e) {
                        // IllegalArgumentException for a bad letter; the JDK throws ClassCastException for some paddings
                        throw new InvalidMappingException("timestamp.format", "'" + format + "' is not a date-time pattern: " + e.getMessage());
                    }
                    pattern = format;
                }
            }
        }
        ZoneId zone = base == null ? ZoneOffset.UTC : base.zone();
        if (spec.containsKey("zone")) {
            String name = text(spec.get("zone"), "timestamp.zone");
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException e) {
                throw new InvalidMappingException("timestamp.zone", "'" + name + "' is not a time zone (e.g. Asia/Shanghai, UTC, +08:00)");
            }
        }
        return new ImportMapping.TimestampSpec(column, pattern, epoch, zone);
    }

    private static Map<String, ValueSpec> merged(Map<String, ValueSpec> base, Map<String, Object> document, String key) {
        if (!document.containsKey(key)) {
            return base;
        }
        Map<String, ValueSpec> merged = new LinkedHashMap<>(base);
        object(document.get(key), key).forEach((name, value) -> {
            if (value == null) {
                merged.remove(name);
            } else {
                merged.put(name, value(value, key + "." + name));
            }
        });
        return merged;
    }

    /** A value where plain text names a column. */
    static ValueSpec value(Object value, String path) {
        if (value instanceof String column) {
            return new ValueSpec.Column(column, ValueType.STRING);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return new ValueSpec.Constant(value);
        }
        if (value instanceof List<?> list) {
            throw new InvalidMappingException(path, "a list is not a value; use {first: [...]} to take the first present of several");
        }
        Map<String, Object> spec = object(value, path);
        if (spec.containsKey("value")) {
            checkKeys(spec, Set.of("value"), path);
            return new ValueSpec.Constant(spec.get("value"));
        }
        if (spec.containsKey("template")) {
            checkKeys(spec, Set.of("template"), path);
            String pattern = text(spec.get("template"), path + ".template");
            List<String> columns = new ArrayList<>();
            Matcher placeholder = PLACEHOLDER.matcher(pattern);
            while (placeholder.find()) {
                columns.add(placeholder.group(1));
            }
            if (columns.isEmpty()) {
                throw new InvalidMappingException(path + ".template", "has no {column} placeholder; use {value: ...} for a constant");
            }
            return new ValueSpec.Template(pattern, columns);
        }
        if (spec.containsKey("first")) {
            checkKeys(spec, Set.of("first"), path);
            if (!(spec.get("first") instanceof List<?> candidates) || candidates.isEmpty()) {
                throw new InvalidMappingException(path + ".first", "must be a non-empty list of values");
            }
            List<ValueSpec> parsed = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                parsed.add(value(candidates.get(i), path + ".first[" + i + "]"));
            }
            return new ValueSpec.First(parsed);
        }
        if (spec.containsKey("column")) {
            checkKeys(spec, Set.of("column", "type", "map", "otherwise"), path);
            ValueType type = spec.containsKey("type") ? ValueType.parse(text(spec.get("type"), path + ".type"), path + ".type") : ValueType.STRING;
            ValueSpec.Column column = new ValueSpec.Column(text(spec.get("column"), path + ".column"), type);
            if (spec.containsKey("map")) {
                Map<String, Object> table = new LinkedHashMap<>();
                object(spec.get("map"), path + ".map").forEach((from, to) -> table.put(from, to));
                return new ValueSpec.Lookup(column, table, spec.get("otherwise"));
            }
            if (spec.containsKey("otherwise")) {
                throw new InvalidMappingException(path + ".otherwise", "goes with map");
            }
            return column;
        }
        throw new InvalidMappingException(path, "give a column name, or an object with column, value, template or first");
    }

    /** A value where plain text is the value itself (event and page names). */
    private static ValueSpec named(Object value, String path) {
        return value instanceof String text ? new ValueSpec.Constant(text) : value(value, path);
    }

    private static Channel channel(Object value, String path) {
        try {
            return Channel.parse(text(value, path));
        } catch (IllegalArgumentException e) {
            throw new InvalidMappingException(path, e.getMessage());
        }
    }

    private static List<Rule> rules(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidMappingException("rules", "must be a list of {if: ..., reject|skip|set: ...}");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "rules[" + i + "]";
            Map<String, Object> rule = object(list.get(i), path);
            checkKeys(rule, Set.of("if", "reject", "skip", "set"), path);
            if (!rule.containsKey("if")) {
                throw new InvalidMappingException(path, "needs if: the condition");
            }
            Condition condition = condition(rule.get("if"), path + ".if");
            int actions = (rule.containsKey("reject") ? 1 : 0) + (rule.containsKey("skip") ? 1 : 0) + (rule.containsKey("set") ? 1 : 0);
            if (actions != 1) {
                throw new InvalidMappingException(path, "needs exactly one of reject, skip or set");
            }
            if (rule.containsKey("reject")) {
                rules.add(new Rule.Reject(condition, text(rule.get("reject"), path + ".reject")));
            } else if (rule.containsKey("skip")) {
                rules.add(new Rule.Skip(condition, text(rule.get("skip"), path + ".skip")));
            } else {
                Map<String, Object> set = object(rule.get("set"), path + ".set");
                Set<String> allowed = new LinkedHashSet<>(ImportMapping.FIELD_NAMES.keySet());
                allowed.add("properties");
                checkKeys(set, allowed, path + ".set");
                Map<String, ValueSpec> fields = new LinkedHashMap<>();
                Map<String, ValueSpec> properties = new LinkedHashMap<>();
                set.forEach((key, spec) -> {
                    if (key.equals("properties")) {
                        object(spec, path + ".set.properties").forEach((name, property) ->
                                properties.put(name, value(property, path + ".set.properties." + name)));
                    } else {
                        fields.put(key, key.equals("event") || key.equals("name") ? named(spec, path + ".set." + key) : value(spec, path + ".set." + key));
                    }
                });
                rules.add(new Rule.Set(condition, fields, properties));
            }
        }
        return rules;
    }

    static Condition condition(Object value, String path) {
        Map<String, Object> spec = object(value, path);
        if (spec.containsKey("all") || spec.containsKey("any")) {
            String key = spec.containsKey("all") ? "all" : "any";
            checkKeys(spec, Set.of(key), path);
            if (!(spec.get(key) instanceof List<?> list) || list.isEmpty()) {
                throw new InvalidMappingException(path + "." + key, "must be a non-empty list of conditions");
            }
            List<Condition> conditions = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                conditions.add(condition(list.get(i), path + "." + key + "[" + i + "]"));
            }
            return key.equals("all") ? new Condition.All(conditions) : new Condition.Any(conditions);
        }
        if (spec.containsKey("not")) {
            checkKeys(spec, Set.of("not"), path);
            return new Condition.Not(condition(spec.get("not"), path + ".not"));
        }
        if (!spec.containsKey("column")) {
            throw new InvalidMappingException(path, "give column and a test (equals, in, starts_with, ends_with, contains, matches, empty,"
                    + " less_than, less_or_equal, greater_than, greater_or_equal), or all/any/not");
        }
        String column = text(spec.get("column"), path + ".column");
        List<String> tests = spec.keySet().stream().filter(key -> !key.equals("column")).toList();
        if (tests.size() != 1) {
            throw new InvalidMappingException(path, "needs exactly one test beside column, found " + tests);
        }
        String test = tests.get(0);
        Object operand = spec.get(test);
        String operandPath = path + "." + test;
        return switch (test) {
            case "equals" -> new Condition.Compare(column, Condition.Operator.EQUALS, String.valueOf(operand));
            case "in" -> new Condition.Compare(column, Condition.Operator.IN, Set.copyOf(strings(operand, operandPath)));
            case "starts_with" -> new Condition.Compare(column, Condition.Operator.STARTS_WITH, text(operand, operandPath));
            case "ends_with" -> new Condition.Compare(column, Condition.Operator.ENDS_WITH, text(operand, operandPath));
            case "contains" -> new Condition.Compare(column, Condition.Operator.CONTAINS, text(operand, operandPath));
            case "matches" -> {
                try {
                    yield new Condition.Compare(column, Condition.Operator.MATCHES, new Condition.Regex(Pattern.compile(text(operand, operandPath))));
                } catch (PatternSyntaxException e) {
                    throw new InvalidMappingException(operandPath, "is not a regular expression: " + e.getDescription());
                }
            }
            case "empty" -> new Condition.Compare(column, Condition.Operator.EMPTY, bool(operand, operandPath));
            case "less_than" -> new Condition.Compare(column, Condition.Operator.LESS_THAN, number(operand, operandPath));
            case "less_or_equal" -> new Condition.Compare(column, Condition.Operator.LESS_OR_EQUAL, number(operand, operandPath));
            case "greater_than" -> new Condition.Compare(column, Condition.Operator.GREATER_THAN, number(operand, operandPath));
            case "greater_or_equal" -> new Condition.Compare(column, Condition.Operator.GREATER_OR_EQUAL, number(operand, operandPath));
            default -> throw new InvalidMappingException(path, "unknown test '" + test + "'");
        };
    }

    private static ImportMapping.Grouping grouping(Map<String, Object> document, ImportMapping.Grouping base) {
        boolean any = document.containsKey("group_by") || document.containsKey("items") || document.containsKey("totals");
        if (!any) {
            return base;
        }
        if (document.containsKey("group_by") && document.get("group_by") == null) {
            return null;
        }
        List<String> keys = document.containsKey("group_by") ? strings(document.get("group_by"), "group_by") : base == null ? List.of() : base.keys();
        if (keys.isEmpty()) {
            throw new InvalidMappingException("group_by", "items and totals need group_by: the columns that identify a group");
        }
        String itemsProperty = base == null ? null : base.itemsProperty();
        Map<String, ValueSpec> itemFields = base == null ? Map.of() : base.itemFields();
        boolean distinct = base == null || base.distinctItems();
        if (document.containsKey("items")) {
            Map<String, Object> items = object(document.get("items"), "items");
            checkKeys(items, Set.of("property", "fields", "distinct"), "items");
            itemsProperty = text(items.get("property"), "items.property");
            Map<String, ValueSpec> parsed = new LinkedHashMap<>();
            object(items.get("fields"), "items.fields").forEach((name, spec) -> parsed.put(name, value(spec, "items.fields." + name)));
            if (parsed.isEmpty()) {
                throw new InvalidMappingException("items.fields", "needs at least one field");
            }
            itemFields = parsed;
            distinct = !items.containsKey("distinct") || bool(items.get("distinct"), "items.distinct");
        }
        Map<String, ImportMapping.Total> totals = base == null ? Map.of() : base.totals();
        if (document.containsKey("totals")) {
            Map<String, ImportMapping.Total> parsed = new LinkedHashMap<>();
            object(document.get("totals"), "totals").forEach((name, spec) -> parsed.put(name, total(spec, "totals." + name)));
            totals = parsed;
        }
        return new ImportMapping.Grouping(keys, itemsProperty, itemFields, distinct, totals);
    }

    private static ImportMapping.Total total(Object value, String path) {
        Map<String, Object> spec = object(value, path);
        int digits = spec.containsKey("round") ? (int) number(spec.get("round"), path + ".round") : -1;
        Set<String> kinds = new LinkedHashSet<>(spec.keySet());
        kinds.remove("round");
        if (kinds.size() != 1) {
            throw new InvalidMappingException(path, "give one of sum, sum_of_products, count (and optionally round)");
        }
        String kind = kinds.iterator().next();
        return switch (kind) {
            case "sum" -> new ImportMapping.Total.Sum(text(spec.get("sum"), path + ".sum"), digits);
            case "sum_of_products" -> {
                List<String> columns = strings(spec.get("sum_of_products"), path + ".sum_of_products");
                if (columns.size() != 2) {
                    throw new InvalidMappingException(path + ".sum_of_products", "needs two columns, e.g. [quantity, unit_price]");
                }
                yield new ImportMapping.Total.SumOfProducts(columns.get(0), columns.get(1), digits);
            }
            case "count" -> new ImportMapping.Total.Count(digits);
            default -> throw new InvalidMappingException(path, "unknown total '" + kind + "' (sum, sum_of_products, count)");
        };
    }

    private static void checkKeys(Map<String, Object> object, Set<String> allowed, String path) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidMappingException(path.isEmpty() ? key : path + "." + key, "unknown key (expected one of "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new InvalidMappingException(path, "keys must be text, found " + key);
                }
            }
            return (Map<String, Object>) map;
        }
        throw new InvalidMappingException(path, "must be an object (key: value pairs)");
    }

    private static String text(Object value, String path) {
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new InvalidMappingException(path, "must be a non-empty text");
    }

    private static List<String> strings(Object value, String path) {
        if (value instanceof String single) {
            return List.of(single);
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidMappingException(path, "must be a list");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            strings.add(item == null ? "" : item instanceof String text ? text : text(item, path + "[" + i + "]"));
        }
        return strings;
    }

    private static boolean bool(Object value, String path) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new InvalidMappingException(path, "must be true or false");
    }

    private static double number(Object value, String path) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new InvalidMappingException(path, "must be a number");
    }

    private static char character(Object value, String path) {
        String text = value instanceof String s ? s : null;
        if (text != null && text.equals("\\t")) {
            return '\t';
        }
        if (text == null || text.length() != 1) {
            throw new InvalidMappingException(path, "must be a single character (\\t for tab)");
        }
        return text.charAt(0);
    }
}
