-- Ingest and access in cluster mode: the same tables as the embedded store's (db/embedded V2, V5,
-- V6, V7, V18), shared by every instance.

CREATE TABLE sources (
    name       TEXT      NOT NULL PRIMARY KEY,
    channel    TEXT      NOT NULL,
    write_key  TEXT      NOT NULL UNIQUE,
    enabled    BOOLEAN   NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Per-source counters, added to by every instance every few seconds.
CREATE TABLE source_counters (
    source  TEXT   NOT NULL,
    counter TEXT   NOT NULL,
    value   BIGINT NOT NULL,
    PRIMARY KEY (source, counter)
);

-- Bulk imports: a job runs on the instance that accepted its files.
CREATE TABLE import_jobs (
    id           TEXT      NOT NULL PRIMARY KEY,
    source       TEXT      NOT NULL,
    state        TEXT      NOT NULL,
    files        TEXT      NOT NULL,
    mapping      TEXT,
    submitted_at TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP,
    report       TEXT,
    error        TEXT
);

CREATE TABLE source_webhooks (
    source     TEXT      NOT NULL PRIMARY KEY,
    document   TEXT      NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE access_users (
    username      TEXT      NOT NULL PRIMARY KEY,
    display_name  TEXT      NOT NULL,
    password_hash TEXT      NOT NULL,
    roles         TEXT      NOT NULL,
    pii           BOOLEAN   NOT NULL,
    disabled      BOOLEAN   NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

CREATE TABLE access_audit (
    happened_at TIMESTAMP NOT NULL,
    actor       TEXT      NOT NULL,
    action      TEXT      NOT NULL,
    target      TEXT,
    detail      TEXT
);
CREATE INDEX access_audit_time ON access_audit (happened_at);
