-- One row, rewritten by a small write transaction after a write to the store's files failed (a full
-- disk): when it commits, the store takes writes again and the event log accepts appends without a
-- restart (EmbeddedStore.probeWrites).
CREATE TABLE store_probe (
    probed_at TIMESTAMP NOT NULL
);
