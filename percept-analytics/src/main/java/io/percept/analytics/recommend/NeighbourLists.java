package io.percept.analytics.recommend;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the neighbour-list models ({@link ItemNeighbours}) share: the shape check, array equality, and
 * the byte form: a magic number, a UTF-8 header (the model's provenance, comma-separated), then the item
 * count, entry count, row offsets, popularity, neighbours and weights as big-endian ints and floats.
 */
final class NeighbourLists {

    /** What {@link #decode} read: the header fields and the arrays. */
    record Decoded(String[] header, int items, int[] start, int[] popularity, int[] neighbours, float[] similarities) {
    }

    private NeighbourLists() {
    }

    /** Throws unless the arrays fit {@code items} items. */
    static void check(int items, int[] start, int[] neighbours, float[] similarities, int[] popularity) {
        if (start.length != items + 1 || popularity.length != items || neighbours.length != similarities.length
                || start[items] != neighbours.length) {
            throw new IllegalArgumentException("neighbour lists do not fit " + items + " items");
        }
    }

    /** Whether two models hold the same lists and popularity. */
    static boolean same(ItemNeighbours a, ItemNeighbours b) {
        return a.items() == b.items() && Arrays.equals(a.start(), b.start()) && Arrays.equals(a.neighbours(), b.neighbours())
                && Arrays.equals(a.similarities(), b.similarities()) && Arrays.equals(a.popularity(), b.popularity());
    }

    /** A hash of the lists, consistent with {@link #same}. */
    static int hash(ItemNeighbours model) {
        return 31 * Arrays.hashCode(model.neighbours()) + Arrays.hashCode(model.similarities());
    }

    static byte[] encode(int magic, String header, int items, int[] start, int[] popularity, int[] neighbours, float[] similarities) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(16 + text.length + 4 * (start.length + popularity.length + 2 * neighbours.length));
        buffer.putInt(magic).putInt(text.length).put(text).putInt(items).putInt(neighbours.length);
        buffer.asIntBuffer().put(start).put(popularity).put(neighbours);
        buffer.position(buffer.position() + 4 * (start.length + popularity.length + neighbours.length));
        buffer.asFloatBuffer().put(similarities);
        return buffer.array();
    }

    static Decoded decode(int magic, String kind, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != magic) {
            throw new IllegalArgumentException("not a Percept " + kind + " model");
        }
        byte[] header = new byte[buffer.getInt()];
        buffer.get(header);
        int items = buffer.getInt();
        int entries = buffer.getInt();
        int[] start = new int[items + 1];
        int[] popularity = new int[items];
        int[] neighbours = new int[entries];
        float[] similarities = new float[entries];
        buffer.asIntBuffer().get(start).get(popularity).get(neighbours);
        buffer.position(buffer.position() + 4 * (start.length + popularity.length + neighbours.length));
        buffer.asFloatBuffer().get(similarities);
        return new Decoded(new String(header, StandardCharsets.UTF_8).split(","), items, start, popularity, neighbours, similarities);
    }
}
