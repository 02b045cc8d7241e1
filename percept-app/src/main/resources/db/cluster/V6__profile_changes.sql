-- Which profiles changed, for live segment membership in cluster mode (issue 10; V4's note that only
-- the embedded mode keeps segment_members is history since this version). Unify runs on every
-- instance and its transactions commit in any order, so a timestamp or a sequence cannot say "every
-- change up to here": a transaction's id can. Every write of a profile state stamps the row with the
-- writing transaction's id (change_xid = pg_current_xact_id()); a profile merged away is deleted and
-- listed in profile_gone with the same stamp, in the same transaction. A reader takes a snapshot and
-- reads the rows with cursor <= change_xid < pg_snapshot_xmin(snapshot): every transaction below the
-- snapshot's xmin has ended, so none of them can still add a row below it; the next read starts at
-- that xmin (ClusterProfiles.changes). Model scores that change mark their profiles the same way
-- (ClusterProfiles.markChanged).

ALTER TABLE profile_states ADD COLUMN change_xid BIGINT NOT NULL DEFAULT 0;
CREATE INDEX profile_states_change_xid ON profile_states (change_xid);

CREATE TABLE profile_gone (
    profile_id BIGINT NOT NULL,
    change_xid BIGINT NOT NULL
);
CREATE INDEX profile_gone_change_xid ON profile_gone (change_xid);

-- Live membership now writes the members that enter and exit between full evaluations.
CREATE INDEX segment_members_name ON segment_members (name, profile_id);
