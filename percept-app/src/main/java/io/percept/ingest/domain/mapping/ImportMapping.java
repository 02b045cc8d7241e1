package io.percept.ingest.domain.mapping;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How the rows of a file become Segment-spec messages. Built by {@link MappingParser} from a YAML
 * or JSON document; see {@code docs/imports.md} for the document format.
 *
 * @param format      the file format, or {@link Format#AUTO} to go by the file name
 * @param csv         how CSV is read
 * @param nullValues  cell values read as missing
 * @param type        the call type of the messages
 * @param fields      top-level message fields: {@code event}, {@code name}, {@code user_id},
 *                    {@code anonymous_id}, {@code message_id}, {@code group_id}, {@code previous_id}
 * @param channel     the channel of the messages, or {@code null} for the source's
 * @param timestamp   where the event time comes from, or {@code null} for the import time
 * @param properties  message properties
 * @param traits      message traits
 * @param context     message context
 * @param rules       rules, applied in order
 * @param grouping    how rows are grouped into one message, or {@code null} for one message per row
 * @param optional    columns a file may lack (a template's optional details): read as missing
 */
public record ImportMapping(
        Format format,
        CsvOptions csv,
        Set<String> nullValues,
        EventType type,
        Map<String, ValueSpec> fields,
        Channel channel,
        TimestampSpec timestamp,
        Map<String, ValueSpec> properties,
        Map<String, ValueSpec> traits,
        Map<String, ValueSpec> context,
        List<Rule> rules,
        Grouping grouping,
        Set<String> optional) {

    /** The message fields a mapping may set, and the Segment names they become. */
    public static final Map<String, String> FIELD_NAMES = Map.of("event", "event", "name", "name", "user_id", "userId",
            "anonymous_id", "anonymousId", "message_id", "messageId", "group_id", "groupId", "previous_id", "previousId");

    public ImportMapping {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(type, "type");
        nullValues = Set.copyOf(nullValues);
        fields = ordered(fields);
        properties = ordered(properties);
        traits = ordered(traits);
        context = ordered(context);
        rules = List.copyOf(rules);
        optional = Set.copyOf(optional);
    }

    /** An unmodifiable copy that keeps the document's order (properties are written in it). */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** This mapping with {@code columns} also optional. */
    public ImportMapping withOptional(Set<String> columns) {
        Set<String> all = new java.util.HashSet<>(optional);
        all.addAll(columns);
        return new ImportMapping(format, csv, nullValues, type, fields, channel, timestamp, properties, traits, context, rules, grouping, all);
    }

    /** This mapping with the event time left to the receiver (for records that do not carry it). */
    public ImportMapping withoutTimestamp() {
        return new ImportMapping(format, csv, nullValues, type, fields, channel, null, properties, traits, context, rules, grouping, optional);
    }

    /** File formats. */
    public enum Format { AUTO, CSV, JSONL, PARQUET }

    /**
     * @param delimiter field separator
     * @param quote     quote character
     * @param encoding  character set of the file
     * @param header    whether the first record names the columns (otherwise {@code column1}, ...)
     */
    public record CsvOptions(char delimiter, char quote, Charset encoding, boolean header) {
    }

    /**
     * @param column  the column holding the time
     * @param pattern a {@link DateTimeFormatter} pattern, or {@code null} for ISO-8601
     * @param epoch   {@code seconds} or {@code millis} for numeric epoch times, else {@code null}
     * @param zone    zone of times without an offset
     */
    public record TimestampSpec(String column, String pattern, String epoch, ZoneId zone) {

        /** The formatter for {@link #pattern}, or {@code null}. */
        public DateTimeFormatter formatter() {
            return pattern == null ? null : DateTimeFormatter.ofPattern(pattern);
        }
    }

    /**
     * Rows with equal {@code keys} become one message: the first row gives its fields, every row
     * gives an entry of the list property {@code itemsProperty}, and {@code totals} are computed
     * over the rows.
     *
     * @param distinctItems identical rows of a group count once (exports often repeat a line)
     */
    public record Grouping(List<String> keys, String itemsProperty, Map<String, ValueSpec> itemFields, boolean distinctItems,
            Map<String, Total> totals) {

        public Grouping {
            keys = List.copyOf(keys);
            itemFields = ordered(itemFields);
            totals = ordered(totals);
        }
    }

    /** A figure computed over a group's rows, rounded to {@code digits} decimals (-1: not rounded). */
    public sealed interface Total {

        int digits();

        /** The sum of a numeric column. */
        record Sum(String column, int digits) implements Total {
        }

        /** The sum over rows of the product of two numeric columns (quantity x price). */
        record SumOfProducts(String first, String second, int digits) implements Total {
        }

        /** The number of rows (after collapsing identical ones if items are distinct). */
        record Count(int digits) implements Total {
        }
    }

    /** This mapping with every column reference passed through {@code rename} (templates use logical column names). */
    public ImportMapping renameColumns(UnaryOperator<String> rename) {
        return new ImportMapping(format, csv, nullValues, type, renameAll(fields, rename), channel,
                timestamp == null ? null : new TimestampSpec(rename.apply(timestamp.column()), timestamp.pattern(), timestamp.epoch(), timestamp.zone()),
                renameAll(properties, rename), renameAll(traits, rename), renameAll(context, rename),
                rules.stream().map(rule -> rename(rule, rename)).toList(),
                grouping == null ? null : new Grouping(grouping.keys().stream().map(rename).toList(), grouping.itemsProperty(),
                        renameAll(grouping.itemFields(), rename), grouping.distinctItems(), renameTotals(grouping.totals(), rename)),
                optional.stream().map(rename).collect(java.util.stream.Collectors.toSet()));
    }

    private static Map<String, ValueSpec> renameAll(Map<String, ValueSpec> specs, UnaryOperator<String> rename) {
        Map<String, ValueSpec> renamed = new LinkedHashMap<>();
        specs.forEach((key, spec) -> renamed.put(key, rename(spec, rename)));
        return renamed;
    }

    static ValueSpec rename(ValueSpec spec, UnaryOperator<String> rename) {
        if (spec instanceof ValueSpec.Column column) {
            return new ValueSpec.Column(rename.apply(column.name()), column.type());
        }
        if (spec instanceof ValueSpec.Template template) {
            String pattern = template.pattern();
            for (String column : template.columns()) {
                pattern = pattern.replace("{" + column + "}", "{" + rename.apply(column) + "}");
            }
            return new ValueSpec.Template(pattern, template.columns().stream().map(rename).toList());
        }
        if (spec instanceof ValueSpec.First first) {
            return new ValueSpec.First(first.candidates().stream().map(candidate -> rename(candidate, rename)).toList());
        }
        if (spec instanceof ValueSpec.Lookup lookup) {
            return new ValueSpec.Lookup(rename(lookup.source(), rename), lookup.table(), lookup.otherwise());
        }
        return spec;
    }

    private static Condition rename(Condition condition, UnaryOperator<String> rename) {
        if (condition instanceof Condition.Compare compare) {
            return new Condition.Compare(rename.apply(compare.column()), compare.operator(), compare.operand());
        }
        if (condition instanceof Condition.All all) {
            return new Condition.All(all.conditions().stream().map(c -> rename(c, rename)).toList());
        }
        if (condition instanceof Condition.Any any) {
            return new Condition.Any(any.conditions().stream().map(c -> rename(c, rename)).toList());
        }
        return new Condition.Not(rename(((Condition.Not) condition).condition(), rename));
    }

    private static Rule rename(Rule rule, UnaryOperator<String> rename) {
        Condition condition = rename(rule.condition(), rename);
        if (rule instanceof Rule.Reject reject) {
            return new Rule.Reject(condition, reject.reason());
        }
        if (rule instanceof Rule.Skip skip) {
            return new Rule.Skip(condition, skip.reason());
        }
        Rule.Set set = (Rule.Set) rule;
        return new Rule.Set(condition, renameAll(set.fields(), rename), renameAll(set.properties(), rename));
    }

    private static Map<String, Total> renameTotals(Map<String, Total> totals, UnaryOperator<String> rename) {
        Map<String, Total> renamed = new LinkedHashMap<>();
        totals.forEach((key, total) -> {
            Total changed = total;
            if (total instanceof Total.Sum sum) {
                changed = new Total.Sum(rename.apply(sum.column()), sum.digits());
            } else if (total instanceof Total.SumOfProducts product) {
                changed = new Total.SumOfProducts(rename.apply(product.first()), rename.apply(product.second()), product.digits());
            }
            renamed.put(key, changed);
        });
        return renamed;
    }
}
