-- Orders per business day and hour, region and channel; kept by processor order-days (see
-- io.percept.insight.OrderDaysProcessor). Three grains so each dimension counts orders right:
-- order_days counts each order once; order_day_categories once per category the order contains;
-- order_day_skus once per sku. units and revenue are the order's (order_days) or its lines'.
CREATE TABLE order_days (
    day      DATE     NOT NULL,
    hour     TINYINT  NOT NULL, -- 0-23, business zone
    region   VARCHAR  NOT NULL, -- '' when neither the order nor the customer names one
    channel  VARCHAR  NOT NULL,
    orders   BIGINT   NOT NULL,
    units    DOUBLE   NOT NULL,
    revenue  DOUBLE   NOT NULL
);
CREATE TABLE order_day_categories (
    day      DATE     NOT NULL,
    hour     TINYINT  NOT NULL,
    region   VARCHAR  NOT NULL,
    channel  VARCHAR  NOT NULL,
    category VARCHAR  NOT NULL, -- '' for lines without one
    orders   BIGINT   NOT NULL,
    units    DOUBLE   NOT NULL,
    revenue  DOUBLE   NOT NULL
);
CREATE TABLE order_day_skus (
    day      DATE     NOT NULL,
    hour     TINYINT  NOT NULL,
    region   VARCHAR  NOT NULL,
    channel  VARCHAR  NOT NULL,
    category VARCHAR  NOT NULL,
    sku      VARCHAR  NOT NULL, -- '' for lines without one
    orders   BIGINT   NOT NULL,
    units    DOUBLE   NOT NULL,
    revenue  DOUBLE   NOT NULL
);
-- Staging for a batch (all three grains: category '' and sku '' mark the coarser ones via level),
-- added to the tables above in set-based statements and cleared in the processor's transaction.
CREATE TABLE order_days_batch (
    level      TINYINT NOT NULL, -- 0 order, 1 category, 2 sku
    day_number INTEGER NOT NULL, -- days since 1970-01-01
    hour       TINYINT NOT NULL,
    region     VARCHAR NOT NULL,
    channel    VARCHAR NOT NULL,
    category   VARCHAR NOT NULL,
    sku        VARCHAR NOT NULL,
    orders     BIGINT  NOT NULL,
    units      DOUBLE  NOT NULL,
    revenue    DOUBLE  NOT NULL
);
