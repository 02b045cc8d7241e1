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
-- written in the rules processor's transaction; dispatched once its actions were handed on
-- (webhook outbox, derived events, alerts), so a restart re-dispatches what was not.
CREATE TABLE rule_firings (
    rule_id         VARCHAR   NOT NULL,
    idempotency_key VARCHAR   NOT NULL,
    profile_key     VARCHAR,
    profile_id      BIGINT,
    seq             BIGINT,
    event_received  TIMESTAMP,
    fired_at        TIMESTAMP NOT NULL,
    dispatched      BOOLEAN   NOT NULL,
    payload         JSON      NOT NULL
);

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
