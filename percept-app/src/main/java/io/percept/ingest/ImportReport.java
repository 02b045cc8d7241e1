package io.percept.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an import did. Every row read is accepted into a message, rejected, or skipped; messages
 * are stored, or not stored again because their id is already in the source's history.
 *
 * @param rows        records read (non-blank lines of JSONL, CSV records, Parquet rows)
 * @param messages    messages built from them (fewer than rows when rows are grouped)
 * @param accepted    messages stored in the log
 * @param duplicates  messages whose id the source already had (e.g. a re-import): not stored again
 * @param rejected    rows refused, each in the rejects file with its line and reason
 * @param skipped     rows left out on purpose by the mapping's rules
 * @param took        wall time
 * @param rejectsFile the rejects file, or {@code null} when nothing was rejected
 * @param firstErrors up to ten rejections as {@code file:line: field: reason}
 */
public record ImportReport(long rows, long messages, long accepted, long duplicates, long rejected, long skipped, Duration took,
        Path rejectsFile, List<String> firstErrors) {

    public ImportReport {
        firstErrors = List.copyOf(firstErrors);
    }

    /** Rows read per second of wall time. */
    public double rowsPerSecond() {
        return took.isZero() ? 0 : rows / (took.toNanos() / 1e9);
    }

    /** The figures as JSON-ready values, as the API shows and the job store keeps them. */
    public java.util.Map<String, Object> summary() {
        java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("rows", rows);
        summary.put("messages", messages);
        summary.put("accepted", accepted);
        summary.put("duplicates", duplicates);
        summary.put("rejected", rejected);
        summary.put("skipped", skipped);
        summary.put("millis", took.toMillis());
        summary.put("rowsPerSecond", Math.round(rowsPerSecond()));
        summary.put("firstErrors", firstErrors);
        return summary;
    }

    /** Messages stored per second of wall time. */
    public double eventsPerSecond() {
        return took.isZero() ? 0 : accepted / (took.toNanos() / 1e9);
    }
}
