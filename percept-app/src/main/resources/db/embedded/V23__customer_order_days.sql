-- Processor customer-order-days (io.percept.insight.CustomerOrderDaysProcessor): each customer's orders
-- and revenue per business day, region and channel, so "orders and revenue of these customers" (the
-- overview filtered by a segment) sums a few rows per customer-day instead of reading the event log.
-- level 0: the whole order (sku ''), its amount as the profiles read it; level 1: one product's lines
-- of the order (price x quantity), so a product filter counts the orders holding it, as order_day_skus.
-- The customer is named as in activity_days ("user_id:<id>", else "anonymous_id:<id>"); day and region
-- as order_days has them. Rows are appended per batch: a key may have several rows; sum them.
CREATE TABLE customer_order_days (
    day      DATE     NOT NULL,
    customer VARCHAR  NOT NULL,
    region   VARCHAR  NOT NULL,
    channel  VARCHAR  NOT NULL,
    level    TINYINT  NOT NULL,
    sku      VARCHAR  NOT NULL,
    orders   BIGINT   NOT NULL,
    revenue  DOUBLE   NOT NULL
);

-- Staging: a batch's rows, copied over in the processor's transaction, then cleared.
CREATE TABLE customer_order_days_batch (
    day_number INTEGER  NOT NULL, -- days since 1970-01-01
    customer   VARCHAR  NOT NULL,
    region     VARCHAR  NOT NULL,
    channel    VARCHAR  NOT NULL,
    level      TINYINT  NOT NULL,
    sku        VARCHAR  NOT NULL,
    orders     BIGINT   NOT NULL,
    revenue    DOUBLE   NOT NULL
);
