package io.percept.ingest;

import java.time.Instant;
import java.util.List;

/**
 * An import running in the background, started through the API.
 *
 * @param id          its id
 * @param source      the source the events go to
 * @param state       where it is
 * @param files       the uploaded files' names
 * @param mapping     the mapping (template name or uploaded file name), or {@code null}
 * @param submittedAt when it was submitted
 * @param startedAt   when it started, or {@code null}
 * @param finishedAt  when it ended, or {@code null}
 * @param progress    how far it is (while running; final figures afterwards)
 * @param report      the report once it succeeded, or {@code null}
 * @param error       why it failed, or {@code null}
 */
public record ImportJob(String id, String source, State state, List<String> files, String mapping, Instant submittedAt, Instant startedAt,
        Instant finishedAt, Progress progress, ImportReport report, String error) {

    public ImportJob {
        files = List.copyOf(files);
    }

    /** The life of a job. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /**
     * @param fraction how much of the input has been read, 0 to 1
     * @param rows     records read
     * @param accepted messages stored
     * @param rejected rows rejected
     */
    public record Progress(double fraction, long rows, long accepted, long rejected) {

        static final Progress NONE = new Progress(0, 0, 0, 0);
    }
}
