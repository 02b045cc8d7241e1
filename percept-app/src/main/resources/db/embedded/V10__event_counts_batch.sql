-- Staging for processor event-counts: a batch's counts are appended here, then added to
-- event_counts in two set-based statements and cleared (in the processor's transaction).
CREATE TABLE event_counts_batch (
    day_number INTEGER NOT NULL, -- days since 1970-01-01
    channel    VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    events     BIGINT  NOT NULL
);
