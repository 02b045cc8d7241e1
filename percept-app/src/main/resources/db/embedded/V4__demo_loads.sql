-- Demo data sets already loaded into this store, so a restart of `percept demo` does not load them twice.
CREATE TABLE demo_loads (
    seed      BIGINT    NOT NULL,
    customers INTEGER   NOT NULL,
    days      INTEGER   NOT NULL,
    events    BIGINT    NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
