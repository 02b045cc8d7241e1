package io.percept.ingest;

import io.percept.ingest.imports.FileImporter;

/** Bulk import of event files into the log (see {@link ImportRequest}). */
public class EventImports {

    private final FileImporter importer;
    private final IngestCounters counters;

    EventImports(FileImporter importer, IngestCounters counters) {
        this.importer = importer;
        this.counters = counters;
    }

    /**
     * Imports the request's files, reporting progress as it goes.
     *
     * @throws IllegalArgumentException if the mapping or the format cannot be used (before anything is stored)
     * @throws ImportFailedException    if it cannot finish; the message says how far it got
     */
    public ImportReport importFiles(ImportRequest request, ImportProgress progress) {
        ImportReport report = importer.run(request, progress);
        counters.imported(request.source().name(), request.files().size(), report);
        return report;
    }
}
