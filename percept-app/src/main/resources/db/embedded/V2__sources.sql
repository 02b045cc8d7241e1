-- Sources that send events, each with its own write key. Times are UTC.
CREATE TABLE sources (
    name       VARCHAR   NOT NULL,
    channel    VARCHAR   NOT NULL,
    write_key  VARCHAR   NOT NULL,
    enabled    BOOLEAN   NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
