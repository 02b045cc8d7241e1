-- Per-source ingest counters (requests, received, accepted, duplicates, rejected by reason),
-- flushed from memory every few seconds so /api/sources/{name}/stats survives restarts.
CREATE TABLE source_counters (
    source  VARCHAR NOT NULL,
    counter VARCHAR NOT NULL,
    value   BIGINT  NOT NULL
);
