-- Import jobs started through POST /api/imports: their state and, once finished, their report.
CREATE TABLE import_jobs (
    id           VARCHAR   NOT NULL,
    source       VARCHAR   NOT NULL,
    state        VARCHAR   NOT NULL,
    files        VARCHAR   NOT NULL,
    mapping      VARCHAR,
    submitted_at TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP,
    report       JSON,
    error        VARCHAR
);
