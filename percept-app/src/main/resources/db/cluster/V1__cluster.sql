-- Cluster mode's PostgreSQL schema, first version.

-- Where each log processor stands in each Kafka partition: the offset of the last record applied,
-- written in the same transaction as the processor's state, so a restart or a rebalance resumes
-- exactly after what was applied.
CREATE TABLE checkpoints (
    processor  TEXT        NOT NULL,
    partition  INT         NOT NULL,
    position   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (processor, partition)
);

-- The event store, written from the Kafka log. seq is a ClusterSeq (Kafka partition and offset in
-- one number), partition its Kafka partition; payload is the event's canonical JSON (EventCodec),
-- the truth; the other columns copy fields of it for queries. occurred_at is the event's
-- timestamp: one partition per calendar month (UTC), created on demand by PostgresEventStore as
-- events_yYYYYmMM; the DEFAULT partition holds months not (yet) created (see its javadoc).
-- A unique index on a partitioned table must contain the partition key, hence (seq, occurred_at);
-- it also serves reads by seq (seq leads), one index probe per partition.
CREATE TABLE events (
    seq          BIGINT      NOT NULL,
    partition    INT         NOT NULL,
    source       TEXT        NOT NULL,
    message_id   TEXT        NOT NULL,
    type         TEXT        NOT NULL,
    name         TEXT,
    user_id      TEXT,
    anonymous_id TEXT,
    channel      TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    payload      TEXT        NOT NULL,
    PRIMARY KEY (seq, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE events_default PARTITION OF events DEFAULT;

-- a source's newest events and message ids (ingest's deduplication, file imports)
CREATE INDEX events_source_received ON events (source, received_at);

-- the message ids received since a time (deduplication rebuilt at start)
CREATE INDEX events_received ON events (received_at);
