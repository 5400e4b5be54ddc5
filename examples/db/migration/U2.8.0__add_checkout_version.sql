DROP INDEX orders_checkout_version_idx;
ALTER TABLE orders DROP COLUMN checkout_version;
