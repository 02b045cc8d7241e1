package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.Row;
import java.io.IOException;
import java.util.List;

/** The records of one input file. */
interface RowSource extends AutoCloseable {

    /** The columns the file declares (CSV header, Parquet schema); empty for JSONL. */
    List<String> columns();

    /** The next record, a {@link BadRow} for one that cannot be read, or {@code null} at the end. */
    Row next() throws IOException;

    /** How much of the file has been read, from 0 to 1. */
    double fractionDone();

    @Override
    void close() throws IOException;

    /** A record that could not be read as a row. */
    record BadRow(long line, String problem, String raw) implements Row {

        @Override
        public String get(String column) {
            return null;
        }
    }
}
