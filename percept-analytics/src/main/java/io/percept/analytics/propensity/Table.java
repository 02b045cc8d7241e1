package io.percept.analytics.propensity;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a {@link Schema}, held column by column: a numeric column is a {@code double[]} with
 * {@code NaN} for a missing value, a categorical one a {@code String[]} with {@code null} for a
 * missing value. The arrays are shared, not copied: do not change them after building the table.
 *
 * @param schema  the columns' names and types
 * @param rows    the number of rows
 * @param columns one array per schema column, each {@code rows} long
 */
public record Table(Schema schema, int rows, List<Object> columns) {

    public Table {
        columns = List.copyOf(columns);
        if (columns.size() != schema.size()) {
            throw new IllegalArgumentException("the schema has " + schema.size() + " columns, the table " + columns.size());
        }
        for (int c = 0; c < columns.size(); c++) {
            Object column = columns.get(c);
            Schema.Column declared = schema.column(c);
            int length;
            if (declared.type() == Schema.Type.NUMERIC && column instanceof double[] numbers) {
                length = numbers.length;
            } else if (declared.type() == Schema.Type.CATEGORICAL && column instanceof String[] levels) {
                length = levels.length;
            } else {
                throw new IllegalArgumentException("column " + declared.name() + " is " + declared.type() + " but holds "
                        + column.getClass().getSimpleName());
            }
            if (length != rows) {
                throw new IllegalArgumentException("column " + declared.name() + " has " + length + " rows, not " + rows);
            }
        }
    }

    /**
     * A table of text values, one {@code String[]} per row in schema order, as read from a file: a
     * numeric cell that is blank, {@code NA}, {@code NaN} or {@code null} is missing, a categorical
     * cell that is blank or {@code null} is missing (levels are trimmed).
     *
     * @throws IllegalArgumentException if a row has the wrong length or a numeric cell is not a number
     */
    public static Table fromText(Schema schema, List<String[]> rows) {
        int n = rows.size();
        List<Object> columns = new ArrayList<>(schema.size());
        for (int c = 0; c < schema.size(); c++) {
            columns.add(schema.column(c).type() == Schema.Type.NUMERIC ? new double[n] : new String[n]);
        }
        for (int r = 0; r < n; r++) {
            String[] row = rows.get(r);
            if (row.length != schema.size()) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " values, the schema " + schema.size() + " columns");
            }
            for (int c = 0; c < row.length; c++) {
                String cell = row[c] == null ? "" : row[c].trim();
                if (columns.get(c) instanceof double[] numbers) {
                    numbers[r] = number(cell, schema.column(c).name(), r);
                } else {
                    ((String[]) columns.get(c))[r] = cell.isEmpty() || cell.equals("null") ? null : cell;
                }
            }
        }
        return new Table(schema, n, columns);
    }

    private static double number(String cell, String column, int row) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("NA") || cell.equalsIgnoreCase("NaN") || cell.equals("null")) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(cell);
            if (Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("row " + row + ": column " + column + " is not a number: '" + cell + "'", e);
        }
    }

    /** The numeric column called {@code name}. */
    public double[] numeric(String name) {
        return (double[]) columns.get(schema.indexOf(name));
    }

    /** The categorical column called {@code name}. */
    public String[] categorical(String name) {
        return (String[]) columns.get(schema.indexOf(name));
    }

    /** The rows at {@code indices}, in that order (copies). */
    public Table rows(int[] indices) {
        List<Object> selected = new ArrayList<>(columns.size());
        for (Object column : columns) {
            if (column instanceof double[] numbers) {
                double[] copy = new double[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    copy[i] = numbers[indices[i]];
                }
                selected.add(copy);
            } else {
                String[] levels = (String[]) column;
                String[] copy = new String[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    copy[i] = levels[indices[i]];
                }
                selected.add(copy);
            }
        }
        return new Table(schema, indices.length, selected);
    }

    /** Row {@code row}'s value in column {@code column} as text: the level, the number, or {@code missing}. */
    public String text(int row, int column) {
        Object values = columns.get(column);
        if (values instanceof double[] numbers) {
            double value = numbers[row];
            if (Double.isNaN(value)) {
                return "missing";
            }
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
        String level = ((String[]) values)[row];
        return level == null ? "missing" : level;
    }
}
