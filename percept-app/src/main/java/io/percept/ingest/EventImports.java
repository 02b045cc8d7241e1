package io.percept.ingest;

import io.percept.ingest.imports.JsonLinesImporter;

/** Bulk import of event files into the log (see {@link ImportRequest}). */
public class EventImports {

    private final JsonLinesImporter importer;

    EventImports(JsonLinesImporter importer) {
        this.importer = importer;
    }

    /**
     * Imports the request's files, reporting progress as it goes.
     *
     * @throws ImportFailedException if it cannot finish; the message says how far it got
     */
    public ImportReport importFiles(ImportRequest request, ImportProgress progress) {
        return importer.run(request, progress);
    }
}
