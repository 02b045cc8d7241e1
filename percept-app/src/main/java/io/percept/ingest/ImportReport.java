package io.percept.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param lines       non-blank lines read
 * @param accepted    events made durable
 * @param rejected    lines refused (each in the rejects file)
 * @param took        wall time
 * @param rejectsFile the rejects file, or {@code null} when nothing was rejected
 * @param firstErrors up to ten rejections as {@code file:line: field: reason}
 */
public record ImportReport(long lines, long accepted, long rejected, Duration took, Path rejectsFile, List<String> firstErrors) {

    public ImportReport {
        firstErrors = List.copyOf(firstErrors);
    }

    /** Accepted events per second of wall time. */
    public double eventsPerSecond() {
        return took.isZero() ? 0 : accepted / (took.toNanos() / 1e9);
    }
}
