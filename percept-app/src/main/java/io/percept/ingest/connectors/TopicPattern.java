package io.percept.ingest.connectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MQTT topic filter whose levels may be named: {@code devices/{device_id}/telemetry/{metric}}
 * subscribes to {@code devices/+/telemetry/+} and gives each message the columns
 * {@code device_id} and {@code metric}. {@code +} and a final {@code #} work as in MQTT; every
 * message also has the column {@code _topic}, the whole topic.
 */
public final class TopicPattern {

    /** The column holding the whole topic. */
    public static final String TOPIC_COLUMN = "_topic";

    private final String pattern;
    private final String filter;
    private final List<String> names;
    private final boolean multiLevel;

    private TopicPattern(String pattern, String filter, List<String> names, boolean multiLevel) {
        this.pattern = pattern;
        this.filter = filter;
        this.names = names;
        this.multiLevel = multiLevel;
    }

    /**
     * @throws IllegalArgumentException if the pattern is not a valid topic filter
     */
    public static TopicPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a subscription needs a topic, e.g. devices/{device_id}/telemetry");
        }
        String[] levels = pattern.split("/", -1);
        List<String> names = new ArrayList<>(levels.length);
        StringBuilder filter = new StringBuilder();
        boolean multiLevel = false;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            String name = "";
            if (level.startsWith("{") && level.endsWith("}") && level.length() > 2) {
                name = level.substring(1, level.length() - 1);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("topic '" + pattern + "': '" + name + "' is not a column name (letters, digits, _)");
                }
                level = "+";
            } else if (level.equals("#")) {
                if (i != levels.length - 1) {
                    throw new IllegalArgumentException("topic '" + pattern + "': # must be the last level");
                }
                multiLevel = true;
            } else if (level.contains("+") && !level.equals("+") || level.contains("#") || level.contains("{") || level.contains("}")) {
                throw new IllegalArgumentException("topic '" + pattern + "': level '" + level + "' mixes a wildcard with text");
            }
            names.add(name);
            filter.append(i == 0 ? "" : "/").append(level);
        }
        return new TopicPattern(pattern, filter.toString(), List.copyOf(names), multiLevel);
    }

    /** The filter to subscribe with. */
    public String filter() {
        return filter;
    }

    public String pattern() {
        return pattern;
    }

    /** The named levels of {@code topic} and {@code _topic}, or {@code null} if the topic does not match. */
    public Map<String, String> match(String topic) {
        String[] levels = topic.split("/", -1);
        String[] filterLevels = filter.split("/", -1);
        int fixed = multiLevel ? filterLevels.length - 1 : filterLevels.length;
        if (multiLevel ? levels.length < fixed : levels.length != fixed) {
            return null;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            String expected = filterLevels[i];
            if (!expected.equals("+") && !expected.equals(levels[i])) {
                return null;
            }
            if (!names.get(i).isEmpty()) {
                columns.put(names.get(i), levels[i]);
            }
        }
        columns.put(TOPIC_COLUMN, topic);
        return columns;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
