-- Unify in cluster mode (identity resolution and profiles, docs/deploy.md "How cluster mode stays
-- correct"). Written by the unify processor in the transaction that stores its positions.

-- Every link that changed the identity graph, in the order it was applied. Each instance keeps a
-- replica of the graph by applying these in version order; a link is added only under the advisory
-- lock 'identity', so versions commit in order.
CREATE TABLE identity_links (
    version     BIGSERIAL PRIMARY KEY,
    micros      BIGINT  NOT NULL,
    tie         BIGINT  NOT NULL,
    alias       BOOLEAN NOT NULL,
    identifiers TEXT[]  NOT NULL
);

-- Each live profile's state (the same ProfileState the embedded mode keeps in memory), locked
-- FOR UPDATE by whoever changes it.
CREATE TABLE profile_states (
    profile_id BIGINT      PRIMARY KEY,
    state      BYTEA       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Which events belong to whom: each event under its highest-priority identifier ("type:value").
CREATE TABLE event_identities (
    seq        BIGINT NOT NULL,
    identifier TEXT   NOT NULL
);
CREATE INDEX event_identities_identifier ON event_identities (identifier);

-- The identity audit: merges and refusals with the event that caused them.
CREATE TABLE identity_audit (
    seq           BIGINT      NOT NULL,
    happened_at   TIMESTAMPTZ NOT NULL,
    kind          TEXT        NOT NULL,
    profile_id    BIGINT      NOT NULL,
    other_profile BIGINT,
    identifier    TEXT,
    rule          TEXT
);
CREATE INDEX identity_audit_profile ON identity_audit (profile_id);

-- The profiles' main attributes as columns, for SQL (segments, dashboards, exports).
CREATE TABLE profiles (
    profile_id  BIGINT PRIMARY KEY,
    user_id     TEXT,
    identifiers INTEGER          NOT NULL,
    first_seen  TIMESTAMPTZ,
    last_seen   TIMESTAMPTZ,
    events      BIGINT           NOT NULL,
    orders      INTEGER          NOT NULL,
    revenue     DOUBLE PRECISION NOT NULL,
    region      TEXT,
    updated_at  TIMESTAMPTZ      NOT NULL
);
