ALTER TABLE orders ADD COLUMN checkout_version SMALLINT NOT NULL DEFAULT 1;
CREATE INDEX orders_checkout_version_idx ON orders (checkout_version);
