-- Rules (issue 8): the current document of each rule (JSON as the API takes it) and whether it runs.
CREATE TABLE rules (
    id         VARCHAR   NOT NULL,
    version    INTEGER   NOT NULL,
    enabled    BOOLEAN   NOT NULL,
    document   JSON      NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Every saved version of every rule (created, updated, enabled, disabled, deleted), oldest first.
CREATE TABLE rule_versions (
    id       VARCHAR   NOT NULL,
    version  INTEGER   NOT NULL,
    change   VARCHAR   NOT NULL,
    document JSON      NOT NULL,
    saved_at TIMESTAMP NOT NULL
);

-- What rules did: one row per firing, keyed by its idempotency key (rule, triggering event),
-- written in the rules processor's transaction with the log position of its trigger (seq).
CREATE TABLE rule_firings (
    rule_id         VARCHAR   NOT NULL,
    idempotency_key VARCHAR   NOT NULL,
    profile_key     VARCHAR,
    profile_id      BIGINT,
    seq             BIGINT    NOT NULL,
    event_received  TIMESTAMP,
    fired_at        TIMESTAMP NOT NULL,
    payload         JSON      NOT NULL
);

-- The firings up to this log position have had their actions handed on (webhook outbox, derived
-- events, alerts); those after it are handed on again at start. One row.
CREATE TABLE rule_dispatch (
    position BIGINT NOT NULL
);
INSERT INTO rule_dispatch VALUES (0);

-- Alerts raised by rules, for the console; optionally also sent to a webhook.
CREATE TABLE rule_alerts (
    alert_id        BIGINT    NOT NULL,
    rule_id         VARCHAR   NOT NULL,
    idempotency_key VARCHAR   NOT NULL,
    profile_id      BIGINT,
    severity        VARCHAR   NOT NULL,
    title           VARCHAR   NOT NULL,
    detail          JSON      NOT NULL,
    raised_at       TIMESTAMP NOT NULL,
    acknowledged_at TIMESTAMP
);
