package io.percept.analytics.text;

import java.util.Arrays;

/**
 * A sparse feature vector: distinct indices in increasing order with their values.
 *
 * @param indices feature indices, strictly increasing
 * @param values  the value of each index
 */
public record SparseVector(int[] indices, float[] values) {

    public SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length: " + indices.length + " vs " + values.length);
        }
        for (int i = 1; i < indices.length; i++) {
            if (indices[i] <= indices[i - 1]) {
                throw new IllegalArgumentException("indices must be strictly increasing at position " + i);
            }
        }
    }

    public int size() {
        return indices.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SparseVector that && Arrays.equals(indices, that.indices) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseVector" + Arrays.toString(indices);
    }
}
