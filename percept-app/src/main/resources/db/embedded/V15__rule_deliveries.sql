-- Webhook deliveries of the real-time rules (issue 8), a durable outbox: a row is written before
-- its first attempt and updated with the outcome of each attempt; pending rows resume at start.
-- status: pending (waiting for an attempt, due at next_attempt_at), delivered or dead (the dead
-- letter: attempts exhausted or refused by the receiver; replay sets it pending with attempts 0).
-- destination is scheme://host:port, the queue the delivery waits in; secret signs each attempt.
CREATE TABLE rule_deliveries (
    id              BIGINT    NOT NULL,
    rule_id         VARCHAR   NOT NULL,
    idempotency_key VARCHAR   NOT NULL UNIQUE,
    url             VARCHAR   NOT NULL,
    destination     VARCHAR   NOT NULL,
    secret          VARCHAR,
    payload         VARCHAR   NOT NULL,
    timeout_ms      BIGINT    NOT NULL,
    max_attempts    INTEGER   NOT NULL,
    status          VARCHAR   NOT NULL,
    attempts        INTEGER   NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    last_code       INTEGER,
    last_error      VARCHAR
);
