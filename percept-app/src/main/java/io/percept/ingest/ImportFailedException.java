package io.percept.ingest;

/**
 * An import stopped before the end (unreadable file, store failure). The message says how far it
 * got; every event it reported as accepted is durable, and re-running it produces the same message
 * ids for the same lines.
 */
public class ImportFailedException extends RuntimeException {

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
