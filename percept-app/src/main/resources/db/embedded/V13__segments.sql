-- Segments (audiences): their definitions in the segment language, and how many profiles each
-- held at each evaluation (size history).
CREATE TABLE segments (
    name        VARCHAR   NOT NULL PRIMARY KEY,
    definition  VARCHAR   NOT NULL,
    description VARCHAR,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE segment_sizes (
    name         VARCHAR   NOT NULL,
    evaluated_at TIMESTAMP NOT NULL,
    size         BIGINT    NOT NULL,
    profiles     BIGINT    NOT NULL,
    millis       DOUBLE    NOT NULL
);

-- Each segment's members as of its last full evaluation, so that a restart can tell who entered or
-- left meanwhile.
CREATE TABLE segment_members (
    name       VARCHAR NOT NULL,
    profile_id BIGINT  NOT NULL
);
