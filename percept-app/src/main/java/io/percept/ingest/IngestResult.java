package io.percept.ingest;

/** The outcome of ingesting a batch of messages, which is accepted whole or rejected whole. */
public sealed interface IngestResult {

    /**
     * Every message is durable in the log, or was already (a duplicate).
     *
     * @param accepted   messages stored now
     * @param duplicates messages whose id was seen within the deduplication window: acknowledged,
     *                   not stored again
     */
    record Accepted(int accepted, int duplicates) implements IngestResult {
    }

    /**
     * Nothing was appended because a message is invalid.
     *
     * @param index  position of the first invalid message in the batch (0-based)
     * @param field  its offending field
     * @param reason what is wrong
     */
    record Rejected(int index, String field, String reason) implements IngestResult {
    }
}
