-- Unify (identity resolution and profiles). The unify processor keeps the identity graph and the
-- profiles in memory; these tables are what it writes in bulk, in the same transaction as its
-- checkpoint.

-- Which events belong to whom: each event under its highest-priority identifier ("type:value").
-- A profile's timeline is the events under any of its identifiers, so merges and splits move
-- history without rewriting it.
CREATE TABLE event_identities (
    seq        BIGINT  NOT NULL,
    identifier VARCHAR NOT NULL
);

-- The identity audit: merges, refused merges and additions, splits, recomputations and erasures,
-- with the event that caused them (seq), its time and the rule.
CREATE TABLE identity_audit (
    seq           BIGINT    NOT NULL,
    happened_at   TIMESTAMP NOT NULL,
    kind          VARCHAR   NOT NULL,
    profile_id    BIGINT    NOT NULL,
    other_profile BIGINT,
    identifier    VARCHAR,
    rule          VARCHAR,
    detail        VARCHAR
);

-- The profiles' attributes, mirrored in bulk (every few seconds) for segments and dashboards.
CREATE TABLE profiles (
    profile_id         BIGINT    NOT NULL,
    user_id            VARCHAR,
    email              VARCHAR,
    phone              VARCHAR,
    identifiers        INTEGER   NOT NULL,
    first_seen         TIMESTAMP,
    last_seen          TIMESTAMP,
    events             BIGINT    NOT NULL,
    orders             INTEGER   NOT NULL,
    revenue            DOUBLE    NOT NULL,
    refunds            INTEGER   NOT NULL,
    refunded           DOUBLE    NOT NULL,
    net_revenue        DOUBLE    NOT NULL,
    average_order      DOUBLE    NOT NULL,
    last_order         TIMESTAMP,
    preferred_channel  VARCHAR,
    country            VARCHAR,
    region             VARCHAR,
    city               VARCHAR,
    favourite_category VARCHAR,
    favourite_product  VARCHAR,
    marketing_consent  BOOLEAN,
    profiling_consent  BOOLEAN,
    traits             JSON,
    mirrored_at        TIMESTAMP NOT NULL
);

-- Scratch for the mirror: ids of the profiles being rewritten (empty between mirror runs).
CREATE TABLE profile_mirror_ids (
    profile_id BIGINT NOT NULL
);

-- RFM over the mirrored profiles with orders: quintile scores 1-5 (5 = most recent, most frequent,
-- most spent), recency counted back from the newest order of all.
CREATE VIEW profile_rfm AS
SELECT profile_id,
       date_diff('day', last_order, (SELECT max(last_order) FROM profiles)) AS recency_days,
       orders AS frequency,
       net_revenue AS monetary,
       ntile(5) OVER (ORDER BY last_order) AS r_score,
       ntile(5) OVER (ORDER BY orders) AS f_score,
       ntile(5) OVER (ORDER BY net_revenue) AS m_score
FROM profiles
WHERE orders > 0;
