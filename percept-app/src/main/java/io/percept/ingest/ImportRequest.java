package io.percept.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A bulk import.
 *
 * @param files       the input files, imported in order (CSV, JSONL or Parquet; CSV and JSONL may be gzipped)
 * @param source      the source the events belong to
 * @param mapping     a mapping file or a built-in template name; {@code null} when the files are
 *                    JSONL of Segment-spec messages
 * @param format      {@code csv}, {@code jsonl} or {@code parquet} to override the mapping and the
 *                    file names; {@code null} to go by them
 * @param rejectsFile where rejected rows are written with their reasons (created only if needed)
 */
public record ImportRequest(List<Path> files, Source source, String mapping, String format, Path rejectsFile) {

    public ImportRequest {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("name at least one file to import");
        }
        files = List.copyOf(files);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rejectsFile, "rejectsFile");
    }

    /** Segment-spec JSONL files, no mapping. */
    public ImportRequest(List<Path> files, Source source, Path rejectsFile) {
        this(files, source, null, null, rejectsFile);
    }
}
