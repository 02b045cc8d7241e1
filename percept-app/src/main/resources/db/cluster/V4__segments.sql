-- Segments in cluster mode: the same tables as the embedded store's (db/embedded V13). Definitions
-- and size history are shared by every instance; segment_members holds live membership, which
-- only the embedded mode keeps so far.

CREATE TABLE segments (
    name        TEXT      NOT NULL PRIMARY KEY,
    definition  TEXT      NOT NULL,
    description TEXT,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE segment_sizes (
    name         TEXT             NOT NULL,
    evaluated_at TIMESTAMP        NOT NULL,
    size         BIGINT           NOT NULL,
    profiles     BIGINT           NOT NULL,
    millis       DOUBLE PRECISION NOT NULL
);
CREATE INDEX segment_sizes_name ON segment_sizes (name, evaluated_at);

CREATE TABLE segment_members (
    name       TEXT   NOT NULL,
    profile_id BIGINT NOT NULL
);
