package io.percept.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A bulk import of Segment-spec messages, one JSON object per line (JSONL, optionally gzipped).
 *
 * @param files       the input files, imported in order
 * @param source      the source the events belong to
 * @param rejectsFile where rejected lines are written with their reasons (created only if needed)
 */
public record ImportRequest(List<Path> files, Source source, Path rejectsFile) {

    public ImportRequest {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("name at least one file to import");
        }
        files = List.copyOf(files);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rejectsFile, "rejectsFile");
    }
}
