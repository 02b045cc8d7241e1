-- Processor activity-days: who was active on which day (business time zone, by event time) and on
-- which channel — one row per (day, customer, channel), so "active customers in a period" reads a
-- few rows per customer-day instead of every event. The customer is the event's identifier as the
-- identity rules name it ("user_id:<id>", else "anonymous_id:<id>").
CREATE TABLE activity_days (
    day      DATE    NOT NULL,
    customer VARCHAR NOT NULL,
    channel  VARCHAR NOT NULL
);

-- Staging: a batch's distinct rows are appended here, the new ones copied over, then cleared.
CREATE TABLE activity_days_batch (
    day_number INTEGER NOT NULL, -- days since 1970-01-01
    customer   VARCHAR NOT NULL,
    channel    VARCHAR NOT NULL
);
