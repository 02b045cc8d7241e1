package io.percept.ingest;

import io.percept.eventlog.AppendReceipt;

/** The outcome of ingesting a batch of messages, which is accepted whole or rejected whole. */
public sealed interface IngestResult {

    /** Every message is durable in the log. */
    record Accepted(AppendReceipt receipt) implements IngestResult {
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
