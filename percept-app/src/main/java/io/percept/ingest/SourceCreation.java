package io.percept.ingest;

/** The outcome of creating a source. */
public sealed interface SourceCreation {

    /** The source exists now. */
    record Created(Source source) implements SourceCreation {
    }

    /** Nothing was created; {@code reason} says why (e.g. the name is taken). */
    record Refused(String reason) implements SourceCreation {
    }
}
