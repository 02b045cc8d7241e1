package io.percept.ingest.domain.mapping;

import java.util.List;
import java.util.Map;

/** What became of one row. */
public sealed interface RowOutcome {

    /**
     * A message (or, when grouping, the row's share of one).
     *
     * @param message     the Segment-spec message built from the row ({@code null} when not asked for)
     * @param groupKey    the values of the group-by columns, or {@code null} without grouping
     * @param item        the row's entry of the group's item list as values in the order of the
     *                    mapping's item fields ({@code null} for a missing value), or {@code null}
     * @param totalInputs the row's contribution to each total, in the mapping's order
     */
    record Mapped(Map<String, Object> message, List<String> groupKey, Object[] item, double[] totalInputs) implements RowOutcome {
    }

    /** The row is invalid; {@code field} names what is wrong. */
    record Rejected(String field, String reason) implements RowOutcome {
    }

    /** A rule left the row out on purpose. */
    record Skipped(String reason) implements RowOutcome {
    }
}
