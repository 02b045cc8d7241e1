-- Prediction runs in cluster mode: the same tables as the embedded store's (db/embedded V14), with
-- JSON kept as text. One instance runs the models at a time (the "prediction-run" role, an advisory
-- lock); every instance reads the newest scores from profile_scores.

CREATE TABLE prediction_runs (
    run_id      BIGINT    NOT NULL PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      TEXT      NOT NULL,
    as_of       TIMESTAMP,
    message     TEXT,
    summary     TEXT
);

CREATE TABLE prediction_results (
    run_id   BIGINT NOT NULL,
    kind     TEXT   NOT NULL,
    series   TEXT   NOT NULL,
    document TEXT   NOT NULL
);
CREATE INDEX prediction_results_run ON prediction_results (run_id, kind);

-- The newest run's scores of every customer, replaced by each run in one transaction.
CREATE TABLE profile_scores (
    run_id             BIGINT           NOT NULL,
    profile_id         BIGINT           NOT NULL,
    expected_purchases DOUBLE PRECISION,
    p_alive            DOUBLE PRECISION,
    clv                DOUBLE PRECISION,
    churn_risk         DOUBLE PRECISION,
    cluster            INTEGER,
    cluster_name       TEXT,
    cluster_name_zh    TEXT,
    propensities       TEXT,
    recommended        TEXT,
    churn_drivers      TEXT
);
-- every instance asks for max(run_id) before reading scores
CREATE INDEX profile_scores_run ON profile_scores (run_id);

CREATE TABLE prediction_alerts (
    alert_key TEXT      NOT NULL,
    run_id    BIGINT    NOT NULL,
    raised_at TIMESTAMP NOT NULL
);
