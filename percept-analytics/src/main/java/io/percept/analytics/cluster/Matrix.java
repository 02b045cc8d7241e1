package io.percept.analytics.cluster;

import java.util.Arrays;

/**
 * A dense matrix of doubles, one row per customer and one column per feature, stored row-major in
 * one primitive array ({@code values[row * columns + column]}) so that the algorithms read it
 * sequentially without boxing or per-row objects. The array is shared, not copied: treat it as
 * immutable once the matrix is made.
 *
 * @param rows    the number of rows (0 or more)
 * @param columns the number of columns (1 or more)
 * @param values  {@code rows * columns} values, row-major
 */
public record Matrix(int rows, int columns, double[] values) {

    public Matrix {
        if (rows < 0 || columns < 1) {
            throw new IllegalArgumentException("a matrix needs 0 or more rows and 1 or more columns, was " + rows + " x " + columns);
        }
        if (values.length != (long) rows * columns) {
            throw new IllegalArgumentException(values.length + " values do not fill " + rows + " x " + columns);
        }
    }

    /** The matrix of {@code rows}, copied; every row must have the same length, at least 1. */
    public static Matrix of(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("rows must not be empty (use the constructor for a matrix with no rows)");
        }
        int columns = rows[0].length;
        double[] values = new double[Math.multiplyExact(rows.length, columns)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + columns);
            }
            System.arraycopy(rows[i], 0, values, i * columns, columns);
        }
        return new Matrix(rows.length, columns, values);
    }

    /** The value at {@code row}, {@code column}. */
    public double get(int row, int column) {
        return values[row * columns + column];
    }

    /** A copy of one row. */
    public double[] row(int row) {
        return Arrays.copyOfRange(values, row * columns, (row + 1) * columns);
    }

    /** A copy of one column. */
    public double[] column(int column) {
        if (column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("column " + column + " of " + columns);
        }
        double[] result = new double[rows];
        for (int i = 0; i < rows; i++) {
            result[i] = values[i * columns + column];
        }
        return result;
    }

    /** The rows whose indices are given, in that order, copied. */
    public Matrix select(int[] indices) {
        double[] result = new double[Math.multiplyExact(indices.length, columns)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * columns, result, i * columns, columns);
        }
        return new Matrix(indices.length, columns, result);
    }

    /** The rows whose {@code labels} entry equals {@code label}, in order, copied. */
    public Matrix rowsLabelled(int[] labels, int label) {
        if (labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
        }
        int count = 0;
        for (int l : labels) {
            if (l == label) {
                count++;
            }
        }
        int[] indices = new int[count];
        for (int i = 0, next = 0; i < rows; i++) {
            if (labels[i] == label) {
                indices[next++] = i;
            }
        }
        return select(indices);
    }

    /** The matrix as rows, copied. */
    public double[][] toRows() {
        double[][] result = new double[rows][];
        for (int i = 0; i < rows; i++) {
            result[i] = row(i);
        }
        return result;
    }

    /** Throws if a value is NaN or infinite: clustering and its statistics need every value. */
    void requireFinite(String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " has a missing or infinite value at row " + i / columns + ", column "
                        + i % columns + " (" + values[i] + "): impute or drop it first");
            }
        }
    }

    /** A 64-bit fingerprint of the shape and every value, for provenance. */
    long fingerprint() {
        long hash = 1125899906842597L ^ ((long) rows << 32 | columns);
        for (double value : values) {
            hash = (hash ^ Double.doubleToLongBits(value)) * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Matrix that && rows == that.rows && columns == that.columns && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + " x " + columns + "]";
    }
}
