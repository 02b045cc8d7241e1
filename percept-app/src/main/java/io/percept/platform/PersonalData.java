package io.percept.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows a module derives about people from the event log, outside the log itself: the right of access
 * and the right to erasure reach them through this. Each module that keeps such rows registers one
 * bean naming its tables and how a person's rows are found; the profile module reads them all into a
 * person's export and deletes them all in the transaction that erases the person from the log, so
 * the export and the erasure cover exactly the same rows.
 */
public interface PersonalData {

    /**
     * The tables, in the order their rows are to be deleted (a table whose condition reads another one
     * comes first). A condition is SQL over the table's columns with these placeholders: {@code
     * :profile} (the profile id), {@code :seqs} (the seqs of the person's events), {@code :identifiers}
     * (the person's identifiers as the log names them, {@code type:value}) and {@code :values.<type>}
     * (the values of the person's identifiers of one type, e.g. {@code :values.user_id}).
     */
    List<Table> tables();

    /**
     * The module's records about the person outside the store's tables (files), by where they are
     * (a path under the data directory); by default none.
     */
    default Map<String, List<Object>> elsewhere(Person person) {
        return Map.of();
    }

    /**
     * Called after the erasure committed, for what is not in the store's tables (the records of
     * {@link #elsewhere}, memory). Must not fail; by default nothing.
     */
    default void erased(Person person) {
    }

    /** A table and the condition its rows about a person meet. */
    record Table(String name, String condition) {

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

        public Table {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a table name: " + name);
            }
            Objects.requireNonNull(condition, "condition");
        }
    }

    /**
     * A person as the tables name them.
     *
     * @param profileId   the profile id
     * @param identifiers the identifiers, {@code type:value}
     * @param seqs        the seqs of the person's events in the log
     */
    record Person(long profileId, Set<String> identifiers, long[] seqs) {

        public Person {
            identifiers = Set.copyOf(identifiers);
            seqs = seqs.clone();
        }

        /**
         * Whether {@code text} (say a raw rejected row) names the person: one of the identifiers' values
         * of at least 3 characters, ignoring case, not inside a longer word or number; a phone number
         * also as its last 10 digits written with spaces, dashes, dots or brackets between them, after up to
         * 4 other digits (a trunk prefix or country code).
         */
        public boolean mentionedIn(String text) {
            return mention().matcher(text).find();
        }

        private Pattern mention() {
            List<String> alternatives = new ArrayList<>();
            for (String identifier : identifiers) {
                String type = identifier.substring(0, identifier.indexOf(':'));
                String value = identifier.substring(type.length() + 1);
                if (value.length() >= 3) {
                    alternatives.add(Pattern.quote(value));
                }
                String digits = value.replaceAll("[^0-9]", "");
                if (type.equals("phone") && digits.length() >= 10) {
                    // up to 4 digits before them: a trunk prefix or a country code, written or not
                    alternatives.add("(?:[0-9][\\s().-]*){0,4}" + String.join("[\\s().-]*", digits.substring(digits.length() - 10).split("")));
                }
            }
            if (alternatives.isEmpty()) {
                return Pattern.compile("(?!)");
            }
            return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + String.join("|", alternatives) + ")(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }

        /** The values of the identifiers of {@code type}. */
        public List<String> values(String type) {
            String prefix = type + ":";
            return identifiers.stream().filter(identifier -> identifier.startsWith(prefix)).map(identifier -> identifier.substring(prefix.length()))
                    .sorted().toList();
        }
    }

    /** The rows of {@code table} about {@code person}, each column by name; JSON columns parsed, times as ISO-8601 text. */
    static List<Map<String, Object>> select(Connection connection, Table table, Person person) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = bind(table.condition(), person, parameters);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table.name() + " WHERE " + where)) {
            set(statement, parameters);
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), value(result, column, meta.getColumnTypeName(column)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Deletes the rows of {@code table} about {@code person}; returns how many. */
    static int delete(Connection connection, Table table, Person person) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = bind(table.condition(), person, parameters);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table.name() + " WHERE " + where)) {
            set(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static String bind(String condition, Person person, List<Object> parameters) {
        Matcher matcher = Pattern.compile(":(profile|seqs|identifiers|values\\.[a-z_][a-z0-9_]*)\\b").matcher(condition);
        StringBuilder sql = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            List<?> values;
            if (name.equals("profile")) {
                values = List.of(person.profileId());
            } else if (name.equals("seqs")) {
                values = java.util.Arrays.stream(person.seqs()).boxed().toList();
            } else if (name.equals("identifiers")) {
                values = person.identifiers().stream().sorted().toList();
            } else {
                values = person.values(name.substring("values.".length()));
            }
            parameters.addAll(values);
            matcher.appendReplacement(sql, values.isEmpty() ? "NULL" : String.join(", ", java.util.Collections.nCopies(values.size(), "?")));
        }
        matcher.appendTail(sql);
        return sql.toString();
    }

    private static void set(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static Object value(ResultSet result, int column, String type) throws SQLException {
        Object value = result.getObject(column);
        if (value == null) {
            return null;
        }
        if ("JSON".equalsIgnoreCase(type) || "JSONB".equalsIgnoreCase(type)) {
            return JsonValues.parse(result.getString(column).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.sql.Date) {
            return value.toString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        return result.getString(column);
    }
}
