-- Console users (issue 9): one row per user; username stored lower-case (unique regardless of
-- case); roles comma-separated; password_hash in DelegatingPasswordEncoder form ({bcrypt}...). Times are UTC.
CREATE TABLE access_users (
    username      VARCHAR   NOT NULL PRIMARY KEY,
    display_name  VARCHAR   NOT NULL,
    password_hash VARCHAR   NOT NULL,
    roles         VARCHAR   NOT NULL,
    pii           BOOLEAN   NOT NULL,
    disabled      BOOLEAN   NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);
-- Who did what when: logins, failed logins, user administration, views of unmasked PII.
CREATE TABLE access_audit (
    happened_at TIMESTAMP NOT NULL,
    actor    VARCHAR   NOT NULL,
    action   VARCHAR   NOT NULL,
    target   VARCHAR,
    detail   VARCHAR
);
