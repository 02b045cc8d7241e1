package io.percept.ingest.domain.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies an {@link ImportMapping} to rows. Not thread-safe: it reuses per-row buffers and
 * caches the last timestamp it parsed; use one per thread.
 */
public final class RowEvaluator {

    private final ImportMapping mapping;
    private final DateTimeFormatter formatter;
    private final Function<String, Object> jsonParser;
    private final List<ImportMapping.Total> totals;
    private final Map<String, Integer> slots = new java.util.HashMap<>();
    private final String[] nullValues;
    private final int longestNullValue;
    private final Cells cells;
    private String lastTimestampText;
    private Instant lastTimestamp;

    /**
     * @param mapping    the mapping
     * @param jsonParser reads a cell typed {@code json}; throws {@link IllegalArgumentException} for invalid JSON
     */
    public RowEvaluator(ImportMapping mapping, Function<String, Object> jsonParser) {
        this.mapping = mapping;
        this.formatter = mapping.timestamp() == null ? null : mapping.timestamp().formatter();
        this.jsonParser = jsonParser;
        this.totals = mapping.grouping() == null ? List.of() : List.copyOf(mapping.grouping().totals().values());
        for (String column : referencedColumns()) {
            slots.put(column, slots.size());
        }
        this.nullValues = mapping.nullValues().toArray(String[]::new);
        this.longestNullValue = mapping.nullValues().stream().mapToInt(String::length).max().orElse(-1);
        this.cells = new Cells(slots.size());
    }

    /**
     * One row's cells as the mapping reads them, each looked up, trimmed, checked against the
     * null values and (when asked) parsed as a number once, however often the mapping reads it.
     */
    private final class Cells {

        private Row row;
        private final String[] present;
        private final boolean[] looked;
        private final double[] numbers;
        private final boolean[] parsed;

        Cells(int size) {
            this.present = new String[size];
            this.looked = new boolean[size];
            this.numbers = new double[size];
            this.parsed = new boolean[size];
        }

        Cells of(Row next) {
            row = next;
            java.util.Arrays.fill(looked, false);
            java.util.Arrays.fill(parsed, false);
            return this;
        }

        String present(String column) {
            Integer slot = slots.get(column);
            if (slot == null) {
                return presentText(row, column);
            }
            if (!looked[slot]) {
                present[slot] = presentText(row, column);
                looked[slot] = true;
            }
            return present[slot];
        }

        /** The cell as a number, or NaN when it is not one (the caller has checked it is present). */
        double number(String column) {
            Integer slot = slots.get(column);
            if (slot == null) {
                return parse(present(column));
            }
            if (!parsed[slot]) {
                numbers[slot] = parse(present(column));
                parsed[slot] = true;
            }
            return numbers[slot];
        }

        private double parse(String text) {
            try {
                double value = Double.parseDouble(text);
                return Double.isFinite(value) ? value : Double.NaN;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    /**
     * Checks that the columns the mapping reads exist in a file with these columns (when the file
     * declares them, as CSV and Parquet do).
     *
     * @throws InvalidMappingException naming the first missing column and the file's columns
     */
    public void requireColumns(Collection<String> available) {
        List<String> missing = new ArrayList<>();
        for (String column : referencedColumns()) {
            if (!available.contains(column) && !mapping.optional().contains(column)) {
                missing.add("'" + column + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidMappingException("", "the mapping reads column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + ", which the file does not have (its columns: " + String.join(", ", available) + ")");
        }
    }

    /** Every column the mapping reads. */
    public Set<String> referencedColumns() {
        Set<String> columns = new java.util.LinkedHashSet<>();
        mapping.fields().values().forEach(spec -> columns(spec, columns));
        mapping.properties().values().forEach(spec -> columns(spec, columns));
        mapping.traits().values().forEach(spec -> columns(spec, columns));
        mapping.context().values().forEach(spec -> columns(spec, columns));
        if (mapping.timestamp() != null) {
            columns.add(mapping.timestamp().column());
        }
        for (Rule rule : mapping.rules()) {
            columns(rule.condition(), columns);
            if (rule instanceof Rule.Set set) {
                set.fields().values().forEach(spec -> columns(spec, columns));
                set.properties().values().forEach(spec -> columns(spec, columns));
            }
        }
        if (mapping.grouping() != null) {
            columns.addAll(mapping.grouping().keys());
            mapping.grouping().itemFields().values().forEach(spec -> columns(spec, columns));
            for (ImportMapping.Total total : totals) {
                if (total instanceof ImportMapping.Total.Sum sum) {
                    columns.add(sum.column());
                } else if (total instanceof ImportMapping.Total.SumOfProducts product) {
                    columns.add(product.first());
                    columns.add(product.second());
                }
            }
        }
        return columns;
    }

    /** Thrown inside evaluation to reject the row. */
    private static final class Refusal extends RuntimeException {

        private final String field;

        Refusal(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    /** The outcome of one row. */
    public RowOutcome evaluate(Row row) {
        return evaluate(row, true);
    }

    /**
     * The values of the group-by columns of a row, or {@code null} if one is empty (or the mapping
     * does not group).
     */
    public List<String> groupKey(Row row) {
        return groupKey(cells.of(row));
    }

    private List<String> groupKey(Cells cells) {
        if (mapping.grouping() == null) {
            return null;
        }
        List<String> key = new ArrayList<>(mapping.grouping().keys().size());
        for (String column : mapping.grouping().keys()) {
            String value = cells.present(column);
            if (value == null) {
                return null;
            }
            key.add(value);
        }
        return key;
    }

    /**
     * The outcome of one row; with {@code withMessage} false (a row of a group that already has
     * its message) the message is not built, but rules, the timestamp, the group key, the item
     * and the totals are still checked.
     */
    public RowOutcome evaluate(Row row, boolean withMessage) {
        Cells cells = this.cells.of(row);
        try {
            Map<String, ValueSpec> fields = mapping.fields();
            Map<String, ValueSpec> properties = mapping.properties();
            for (Rule rule : mapping.rules()) {
                if (!holds(rule.condition(), cells)) {
                    continue;
                }
                if (rule instanceof Rule.Reject reject) {
                    return new RowOutcome.Rejected("rule", reject.reason());
                }
                if (rule instanceof Rule.Skip skip) {
                    return new RowOutcome.Skipped(skip.reason());
                }
                Rule.Set set = (Rule.Set) rule;
                if (!set.fields().isEmpty()) {
                    fields = new LinkedHashMap<>(fields);
                    fields.putAll(set.fields());
                }
                if (!set.properties().isEmpty()) {
                    properties = new LinkedHashMap<>(properties);
                    properties.putAll(set.properties());
                }
            }
            Instant time = null;
            if (mapping.timestamp() != null) {
                String text = cells.present(mapping.timestamp().column());
                if (text == null) {
                    throw new Refusal("timestamp", "column " + mapping.timestamp().column() + " is empty");
                }
                time = timestamp(text, "timestamp");
            }
            Map<String, Object> message = withMessage ? message(cells, fields, properties, time) : null;
            if (mapping.grouping() == null) {
                return new RowOutcome.Mapped(message, null, null, null);
            }
            ImportMapping.Grouping grouping = mapping.grouping();
            List<String> key = groupKey(cells);
            if (key == null) {
                String column = grouping.keys().stream().filter(k -> cells.present(k) == null).findFirst().orElseThrow();
                throw new Refusal(column, "column " + column + " is empty, so the row belongs to no group");
            }
            Object[] item = null;
            if (grouping.itemsProperty() != null) {
                item = new Object[grouping.itemFields().size()];
                int i = 0;
                for (Map.Entry<String, ValueSpec> field : grouping.itemFields().entrySet()) {
                    item[i++] = value(field.getValue(), cells, grouping.itemsProperty() + "." + field.getKey());
                }
            }
            double[] inputs = new double[totals.size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = totalInput(totals.get(i), cells);
            }
            return new RowOutcome.Mapped(message, key, item, inputs);
        } catch (Refusal refusal) {
            return new RowOutcome.Rejected(refusal.field, refusal.getMessage());
        }
    }

    private Map<String, Object> message(Cells row, Map<String, ValueSpec> fields, Map<String, ValueSpec> properties, Instant time) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", mapping.type().wireName());
        for (Map.Entry<String, ValueSpec> field : fields.entrySet()) {
            Object value = value(field.getValue(), row, field.getKey());
            if (value != null) {
                message.put(ImportMapping.FIELD_NAMES.get(field.getKey()), value);
            }
        }
        if (mapping.channel() != null) {
            message.put("channel", mapping.channel().wireName());
        }
        if (time != null) {
            message.put("timestamp", time.toString());
        }
        putObject(message, "properties", properties, row);
        putObject(message, "traits", mapping.traits(), row);
        putObject(message, "context", mapping.context(), row);
        return message;
    }

    private void putObject(Map<String, Object> message, String name, Map<String, ValueSpec> specs, Cells row) {
        if (specs.isEmpty()) {
            return;
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (Map.Entry<String, ValueSpec> entry : specs.entrySet()) {
            Object value = value(entry.getValue(), row, name + "." + entry.getKey());
            if (value != null) {
                object.put(entry.getKey(), value);
            }
        }
        if (!object.isEmpty()) {
            message.put(name, object);
        }
    }

    private Object value(ValueSpec spec, Cells row, String field) {
        if (spec instanceof ValueSpec.Constant constant) {
            return constant.value();
        }
        if (spec instanceof ValueSpec.Column column) {
            if (column.type() == ValueType.JSON || column.type() == ValueType.STRING) {
                Object structured = row.row.value(column.name());
                if (!(structured instanceof String) && structured != null) {
                    return structured;
                }
            }
            String text = row.present(column.name());
            if (text == null) {
                return null;
            }
            if (column.type() == ValueType.NUMBER) {
                double number = row.number(column.name());
                if (Double.isNaN(number)) {
                    throw new Refusal(field, "column " + column.name() + ": '" + abbreviate(text) + "' is not a number");
                }
                return number;
            }
            return convert(text, column, field);
        }
        if (spec instanceof ValueSpec.Template template) {
            String result = template.pattern();
            for (String column : template.columns()) {
                String text = row.present(column);
                if (text == null) {
                    return null;
                }
                result = result.replace("{" + column + "}", text);
            }
            return result;
        }
        if (spec instanceof ValueSpec.First first) {
            for (ValueSpec candidate : first.candidates()) {
                Object value = value(candidate, row, field);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
        ValueSpec.Lookup lookup = (ValueSpec.Lookup) spec;
        Object key = value(lookup.source(), row, field);
        if (key == null) {
            return null;
        }
        Object mapped = lookup.table().get(key.toString());
        return mapped != null ? mapped : lookup.otherwise();
    }

    private Object convert(String text, ValueSpec.Column column, String field) {
        switch (column.type()) {
            case STRING:
                return text;
            case INTEGER:
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException notLong) {
                    try {
                        BigDecimal decimal = new BigDecimal(text);
                        return decimal.longValueExact();
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw new Refusal(field, "column " + column.name() + ": '" + abbreviate(text) + "' is not an integer");
                    }
                }
            case NUMBER:
                return number(text, column.name(), field);
            case BOOLEAN:
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "y":
                        return Boolean.TRUE;
                    case "false", "0", "no", "n":
                        return Boolean.FALSE;
                    default:
                        throw new Refusal(field, "column " + column.name() + ": '" + abbreviate(text) + "' is not true or false");
                }
            case TIMESTAMP:
                return timestamp(text, field).toString();
            case JSON:
                try {
                    return jsonParser.apply(text);
                } catch (IllegalArgumentException e) {
                    throw new Refusal(field, "column " + column.name() + " is not JSON: " + e.getMessage());
                }
            default:
                throw new IllegalStateException("unknown type " + column.type());
        }
    }

    private static double number(String text, String column, String field) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Refusal(field, "column " + column + ": '" + abbreviate(text) + "' is not a number");
    }

    private Instant timestamp(String text, String field) {
        if (text.equals(lastTimestampText)) {
            return lastTimestamp;
        }
        Instant parsed = parseTimestamp(text, field);
        lastTimestampText = text;
        lastTimestamp = parsed;
        return parsed;
    }

    private Instant parseTimestamp(String text, String field) {
        ImportMapping.TimestampSpec spec = mapping.timestamp();
        String column = spec == null ? field : spec.column();
        try {
            if (spec != null && spec.epoch() != null) {
                double epoch = number(text, column, field);
                return spec.epoch().equals("seconds") ? Instant.ofEpochMilli(Math.round(epoch * 1000)) : Instant.ofEpochMilli(Math.round(epoch));
            }
            if (formatter != null) {
                // query the parsed fields rather than try ZonedDateTime::from and friends, which throw for every zone-less value
                TemporalAccessor parsed = formatter.parse(text);
                LocalDate date = parsed.query(TemporalQueries.localDate());
                if (date == null) {
                    throw new DateTimeParseException("no date", text, 0);
                }
                LocalTime time = parsed.query(TemporalQueries.localTime());
                ZoneId zone = parsed.query(TemporalQueries.zone());
                LocalDateTime local = time == null ? date.atStartOfDay() : LocalDateTime.of(date, time);
                return local.atZone(zone != null ? zone : spec.zone()).toInstant();
            }
            if (text.length() > 10 && text.charAt(10) == ' ') {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(text).atZone(spec == null ? java.time.ZoneOffset.UTC : spec.zone()).toInstant();
                } catch (DateTimeParseException notDateTime) {
                    return LocalDate.parse(text).atStartOfDay(spec == null ? java.time.ZoneOffset.UTC : spec.zone()).toInstant();
                }
            }
        } catch (DateTimeParseException e) {
            String expected = spec != null && spec.pattern() != null ? "the format " + spec.pattern() : "ISO-8601";
            throw new Refusal(field, "column " + column + ": '" + abbreviate(text) + "' is not a date-time in " + expected);
        }
    }

    private double totalInput(ImportMapping.Total total, Cells row) {
        if (total instanceof ImportMapping.Total.Count) {
            return 1;
        }
        if (total instanceof ImportMapping.Total.Sum sum) {
            return row.present(sum.column()) == null ? 0 : checkedNumber(row, sum.column());
        }
        ImportMapping.Total.SumOfProducts product = (ImportMapping.Total.SumOfProducts) total;
        if (row.present(product.first()) == null || row.present(product.second()) == null) {
            return 0;
        }
        return checkedNumber(row, product.first()) * checkedNumber(row, product.second());
    }

    private static double checkedNumber(Cells row, String column) {
        double value = row.number(column);
        if (Double.isNaN(value)) {
            throw new Refusal("totals", "column " + column + ": '" + abbreviate(row.present(column)) + "' is not a number");
        }
        return value;
    }

    private boolean holds(Condition condition, Cells row) {
        if (condition instanceof Condition.All all) {
            return all.conditions().stream().allMatch(c -> holds(c, row));
        }
        if (condition instanceof Condition.Any any) {
            return any.conditions().stream().anyMatch(c -> holds(c, row));
        }
        if (condition instanceof Condition.Not not) {
            return !holds(not.condition(), row);
        }
        Condition.Compare compare = (Condition.Compare) condition;
        String text = row.present(compare.column());
        String cell = text == null ? "" : text;
        switch (compare.operator()) {
            case EQUALS:
                return cell.equals(compare.operand());
            case IN:
                return ((Set<?>) compare.operand()).contains(cell);
            case STARTS_WITH:
                return cell.startsWith((String) compare.operand());
            case ENDS_WITH:
                return cell.endsWith((String) compare.operand());
            case CONTAINS:
                return cell.contains((String) compare.operand());
            case MATCHES:
                return ((Condition.Regex) compare.operand()).pattern().matcher(cell).find();
            case EMPTY:
                return (text == null) == (Boolean) compare.operand();
            default:
                double operand = (Double) compare.operand();
                if (text == null) {
                    return false;
                }
                double value = row.number(compare.column());
                if (Double.isNaN(value)) {
                    return false;
                }
                switch (compare.operator()) {
                    case LESS_THAN:
                        return value < operand;
                    case LESS_OR_EQUAL:
                        return value <= operand;
                    case GREATER_THAN:
                        return value > operand;
                    default:
                        return value >= operand;
                }
        }
    }

    /** The cell's trimmed text, or {@code null} when absent or a null value. */
    private String presentText(Row row, String column) {
        String text = row.get(column);
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() <= longestNullValue) {
            for (String nullValue : nullValues) {
                if (nullValue.equals(trimmed)) {
                    return null;
                }
            }
        }
        return trimmed;
    }

    private static void columns(ValueSpec spec, Set<String> into) {
        if (spec instanceof ValueSpec.Column column) {
            into.add(column.name());
        } else if (spec instanceof ValueSpec.Template template) {
            into.addAll(template.columns());
        } else if (spec instanceof ValueSpec.First first) {
            first.candidates().forEach(candidate -> columns(candidate, into));
        } else if (spec instanceof ValueSpec.Lookup lookup) {
            columns(lookup.source(), into);
        }
    }

    private static void columns(Condition condition, Set<String> into) {
        if (condition instanceof Condition.Compare compare) {
            into.add(compare.column());
        } else if (condition instanceof Condition.All all) {
            all.conditions().forEach(c -> columns(c, into));
        } else if (condition instanceof Condition.Any any) {
            any.conditions().forEach(c -> columns(c, into));
        } else {
            columns(((Condition.Not) condition).condition(), into);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
