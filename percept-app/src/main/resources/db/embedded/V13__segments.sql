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
