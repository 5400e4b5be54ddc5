ALTER TABLE orders DROP COLUMN customer_id;
DROP TABLE customers;
