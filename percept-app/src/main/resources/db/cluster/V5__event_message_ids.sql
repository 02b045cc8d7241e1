-- Deduplication across instances: each instance remembers the message ids it accepted, but a client's
-- retry that reaches another instance is appended again; unify drops it when an event of the same
-- source and message id is stored within the deduplication window (ClusterUnifyProcessor).
CREATE INDEX events_message_id ON events (message_id);
