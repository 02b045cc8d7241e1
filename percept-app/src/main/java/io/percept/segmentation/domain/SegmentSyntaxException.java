package io.percept.segmentation.domain;

/**
 * A segment definition that cannot be read: the message names the column and shows where, e.g.
 * <pre>
 * at column 10: expected a value after '&gt;=', found the end
 *   orders &gt;=
 *            ^
 * </pre>
 */
public final class SegmentSyntaxException extends IllegalArgumentException {

    private final int column;

    SegmentSyntaxException(String source, int offset, String problem) {
        super("at column " + (offset + 1) + ": " + problem + (source == null ? "" : "\n  " + source + "\n  " + " ".repeat(Math.max(0, offset)) + "^"));
        this.column = offset + 1;
    }

    /** A problem at {@code path} of a JSON definition (e.g. {@code $.and[1].op}). */
    SegmentSyntaxException(String path, String problem) {
        super("at " + path + ": " + problem);
        this.column = 0;
    }

    /** The 1-based column of the problem (0 for a problem in a JSON definition). */
    public int column() {
        return column;
    }
}
