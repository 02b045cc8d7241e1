package io.percept.ingest.domain.mapping;

import io.percept.analytics.hash.FingerprintSet;
import io.percept.analytics.hash.Murmur3;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects mapped rows into groups, in order of first appearance, and builds each group's message:
 * the first row's message, the item list and the totals. With distinct items, a row identical to
 * one already in its group (the same raw record, compared by a 128-bit fingerprint) adds nothing.
 * Items are held as value arrays and repeated texts are shared, so a large file's groups stay
 * compact until their messages are built.
 */
public final class GroupAccumulator {

    private static final int MAX_SHARED_TEXTS = 1_000_000;

    private final ImportMapping.Grouping grouping;
    private final List<String> itemNames;
    private final List<String> totalNames;
    private final List<ImportMapping.Total> totals;
    private final Map<List<String>, Group> groups = new LinkedHashMap<>();
    private final Map<String, String> sharedTexts = new HashMap<>();

    /** One group in progress. */
    public static final class Group {

        private final List<String> key;
        private final Map<String, Object> message;
        private final List<Object[]> items = new ArrayList<>(4);
        private FingerprintSet rawRows;
        private final double[] totals;
        private final long firstLine;
        private int rows;
        private int repeats;

        Group(List<String> key, Map<String, Object> message, int totals, long firstLine) {
            this.key = key;
            this.message = message;
            this.totals = new double[totals];
            this.firstLine = firstLine;
        }

        public List<String> key() {
            return key;
        }

        /** Line of the group's first row. */
        public long firstLine() {
            return firstLine;
        }

        /** Rows that contributed (identical repeats excluded). */
        public int rows() {
            return rows;
        }

        /** Identical repeats of rows already in the group, left out. */
        public int repeats() {
            return repeats;
        }
    }

    public GroupAccumulator(ImportMapping.Grouping grouping) {
        this.grouping = grouping;
        this.itemNames = List.copyOf(grouping.itemFields().keySet());
        this.totalNames = List.copyOf(grouping.totals().keySet());
        this.totals = List.copyOf(grouping.totals().values());
    }

    /** The item fields, in the order of {@link RowOutcome.Mapped#item()} values. */
    public List<String> itemNames() {
        return itemNames;
    }

    /**
     * Adds a mapped row (read from the record {@code raw} at {@code line}); the first row of a
     * group must carry its message.
     */
    public void add(RowOutcome.Mapped mapped, String raw, long line) {
        Group group = groups.computeIfAbsent(mapped.groupKey(), key -> new Group(key, mapped.message(), totals.size(), line));
        if (grouping.distinctItems()) {
            if (group.rawRows == null) {
                group.rawRows = new FingerprintSet(8);
            }
            long[] fingerprint = Murmur3.hash128(raw.getBytes(StandardCharsets.UTF_8));
            if (!group.rawRows.add(fingerprint[0], fingerprint[1])) {
                group.repeats++;
                return;
            }
        }
        group.rows++;
        if (mapped.item() != null) {
            Object[] values = mapped.item();
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof String text) {
                    values[i] = share(text);
                }
            }
            group.items.add(values);
        }
        for (int i = 0; i < group.totals.length; i++) {
            group.totals[i] += mapped.totalInputs()[i];
        }
    }

    /** Whether a group with this key exists (so its rows need no message of their own). */
    public boolean contains(List<String> key) {
        return groups.containsKey(key);
    }

    public int size() {
        return groups.size();
    }

    /** The groups in order of first appearance. */
    public List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    /** The finished message of a group: its first row's message with the items and totals added to its properties. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> message(Group group) {
        Map<String, Object> message = new LinkedHashMap<>(group.message);
        Map<String, Object> properties = message.get("properties") instanceof Map<?, ?> existing
                ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
        if (grouping.itemsProperty() != null) {
            List<Object> items = new ArrayList<>(group.items.size());
            for (Object[] values : group.items) {
                Map<String, Object> item = new LinkedHashMap<>(values.length * 2);
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null) {
                        item.put(itemNames.get(i), values[i]);
                    }
                }
                items.add(item);
            }
            properties.put(grouping.itemsProperty(), items);
        }
        for (int i = 0; i < totals.size(); i++) {
            properties.put(totalNames.get(i), rounded(group.totals[i], totals.get(i)));
        }
        message.put("properties", properties);
        return message;
    }

    /** One instance per distinct text (product names and ids repeat on every line). */
    private String share(String text) {
        String shared = sharedTexts.get(text);
        if (shared != null) {
            return shared;
        }
        if (sharedTexts.size() < MAX_SHARED_TEXTS) {
            sharedTexts.put(text, text);
        }
        return text;
    }

    private static Object rounded(double value, ImportMapping.Total total) {
        if (total instanceof ImportMapping.Total.Count) {
            return (long) value;
        }
        if (total.digits() < 0) {
            return value;
        }
        return BigDecimal.valueOf(value).setScale(total.digits(), RoundingMode.HALF_UP).doubleValue();
    }
}
