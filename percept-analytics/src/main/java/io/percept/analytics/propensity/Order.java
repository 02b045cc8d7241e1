package io.percept.analytics.propensity;

/** Stable orderings of primitive arrays, without boxing. */
final class Order {

    private Order() {
    }

    /** The indices of {@code values} sorted ascending; equal values keep their index order. */
    static int[] ascending(double[] values) {
        int n = values.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int low = 0; low < n - width; low += 2 * width) {
                int middle = low + width;
                int high = Math.min(low + 2 * width, n);
                int i = low;
                int j = middle;
                int k = low;
                while (i < middle && j < high) {
                    buffer[k++] = Double.compare(values[order[j]], values[order[i]]) < 0 ? order[j++] : order[i++];
                }
                while (i < middle) {
                    buffer[k++] = order[i++];
                }
                while (j < high) {
                    buffer[k++] = order[j++];
                }
                System.arraycopy(buffer, low, order, low, high - low);
            }
        }
        return order;
    }

    /** The indices of {@code values} sorted descending; equal values keep their index order. */
    static int[] descending(double[] values) {
        double[] negated = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            negated[i] = -values[i];
        }
        return ascending(negated);
    }
}
