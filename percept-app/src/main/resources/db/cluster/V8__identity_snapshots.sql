-- The identity graph as an erasure left it (IdentityGraph.write), at a version from identity_links'
-- sequence: instances load the newest snapshot, then apply the links after it. An erasure writes
-- one and deletes the older snapshots and every link before it, so the erased person's identifiers
-- are no longer stored anywhere (GraphReplica, ClusterProfiles.erase).
CREATE TABLE identity_snapshots (
    version    BIGINT      PRIMARY KEY,
    graph      BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
