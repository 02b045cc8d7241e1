package io.percept.analytics.propensity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns a propensity model reads, declared by the caller: numeric columns (missing values as
 * {@code NaN}) and categorical ones (missing values as {@code null}).
 *
 * @param columns the columns in order; names unique and not blank
 */
public record Schema(List<Column> columns) {

    /** A column's kind. */
    public enum Type {
        /** A number: standardised, missing values imputed by the median with an indicator. */
        NUMERIC,
        /** A level: one-hot encoded; unseen and missing levels encode as all zeros. */
        CATEGORICAL
    }

    /**
     * One column.
     *
     * @param name the column's name, not blank
     * @param type numeric or categorical
     */
    public record Column(String name, Type type) {

        public Column {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a column needs a name");
            }
            if (type == null) {
                throw new IllegalArgumentException("column " + name + " needs a type");
            }
        }
    }

    public Schema {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one column");
        }
        Set<String> names = new HashSet<>();
        for (Column column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("column " + column.name() + " is declared twice");
            }
        }
    }

    /** A schema builder: {@code Schema.builder().numeric("tenure").categorical("contract").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of columns. */
    public int size() {
        return columns.size();
    }

    /** The column at {@code index}. */
    public Column column(int index) {
        return columns.get(index);
    }

    /**
     * The position of the column called {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + columns);
    }

    /** Builds a {@link Schema} column by column. */
    public static final class Builder {

        private final List<Column> columns = new ArrayList<>();

        private Builder() {
        }

        public Builder numeric(String... names) {
            for (String name : names) {
                columns.add(new Column(name, Type.NUMERIC));
            }
            return this;
        }

        public Builder categorical(String... names) {
            for (String name : names) {
                columns.add(new Column(name, Type.CATEGORICAL));
            }
            return this;
        }

        public Schema build() {
            return new Schema(columns);
        }
    }
}
