package io.percept.ingest.domain.mapping;

/** One record of an input file. */
public interface Row {

    /** The cell's text, or {@code null} if the column is absent. Not yet checked against null values. */
    String get(String column);

    /** The cell as a structured value (JSONL rows carry objects and arrays); by default its text. */
    default Object value(String column) {
        return get(column);
    }

    /** Where the record starts (1-based line), for rejects. */
    long line();

    /** The record as it appeared in the file, for rejects and derived message ids. */
    String raw();
}
