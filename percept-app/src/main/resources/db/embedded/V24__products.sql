-- The products orders name: each line's product (product_id, else sku, else name, as order-days reads it)
-- with the name, category and price it last carried, kept by processor product-catalogue
-- (io.percept.insight.ProductCatalogueProcessor), so pages can show "青禾 Ultra 13" where they had a code.
CREATE TABLE products (
    sku        VARCHAR   PRIMARY KEY,
    name       VARCHAR   NOT NULL, -- the line's name, else the sku
    category   VARCHAR   NOT NULL, -- '' when lines name none
    price      DOUBLE,             -- the last line's unit price
    first_seen TIMESTAMP NOT NULL, -- the earliest order naming it (event time)
    last_seen  TIMESTAMP NOT NULL  -- the latest
);
