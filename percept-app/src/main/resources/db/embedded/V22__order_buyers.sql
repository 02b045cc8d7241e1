-- Who bought what, per business day and region: one row per (day, region, category, sku, customer),
-- kept by processor order-buyers (io.percept.insight.OrderBuyersProcessor), so "distinct buyers of
-- these products in these regions" reads this table instead of the event log. The customer is the
-- order's userId, else its anonymousId; day, region and product as order-days has them.
CREATE TABLE order_buyers (
    day      DATE    NOT NULL,
    region   VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    sku      VARCHAR NOT NULL,
    customer VARCHAR NOT NULL
);

-- Staging: a batch's distinct rows, the new ones copied over, then cleared.
CREATE TABLE order_buyers_batch (
    day_number INTEGER NOT NULL,
    region     VARCHAR NOT NULL,
    category   VARCHAR NOT NULL,
    sku        VARCHAR NOT NULL,
    customer   VARCHAR NOT NULL
);
