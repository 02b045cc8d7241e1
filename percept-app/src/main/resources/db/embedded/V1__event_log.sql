-- The event log: append-only, one row per event in sequence order. seq is assigned by the single
-- writer and is dense; payload is the canonical Segment-spec JSON of the event. No index: reads
-- by seq range are pruned by DuckDB's per-row-group min/max statistics, since seq only grows.
CREATE TABLE event_log (
    seq         BIGINT    NOT NULL,
    received_at TIMESTAMP NOT NULL,
    source      VARCHAR   NOT NULL,
    message_id  VARCHAR   NOT NULL,
    payload     JSON      NOT NULL
);

-- Where each log processor stands: the seq of the last event applied, committed with its state.
CREATE TABLE processor_checkpoints (
    processor  VARCHAR   NOT NULL,
    position   BIGINT    NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
