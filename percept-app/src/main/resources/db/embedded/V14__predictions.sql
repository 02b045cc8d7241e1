-- Prediction runs (issue 7): each run of the behaviour models, its outcome and a summary.
CREATE TABLE prediction_runs (
    run_id      BIGINT    NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR   NOT NULL,
    as_of       TIMESTAMP,
    message     VARCHAR,
    summary     JSON
);

-- What a run produced, as documents: kind (clv, propensity, clusters, recommendations, bundles,
-- patterns, forecast, anomalies) and the series within it (a target, "category:手机|orders", ...).
CREATE TABLE prediction_results (
    run_id   BIGINT  NOT NULL,
    kind     VARCHAR NOT NULL,
    series   VARCHAR NOT NULL,
    document JSON    NOT NULL
);

-- The newest run's scores of every customer (replaced by each run), read back at start.
CREATE TABLE profile_scores (
    run_id             BIGINT  NOT NULL,
    profile_id         BIGINT  NOT NULL,
    expected_purchases DOUBLE,
    p_alive            DOUBLE,
    clv                DOUBLE,
    churn_risk         DOUBLE,
    cluster            INTEGER,
    cluster_name       VARCHAR,
    cluster_name_zh    VARCHAR,
    propensities       JSON,
    recommended        JSON,
    churn_drivers      VARCHAR
);

-- Anomalies raised as alert events (once each: series|metric|day).
CREATE TABLE prediction_alerts (
    alert_key VARCHAR   NOT NULL,
    run_id    BIGINT    NOT NULL,
    raised_at TIMESTAMP NOT NULL
);
