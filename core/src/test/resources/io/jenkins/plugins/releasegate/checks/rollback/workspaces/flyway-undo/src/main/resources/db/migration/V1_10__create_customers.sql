CREATE TABLE customers (
    id BIGINT PRIMARY KEY,
    name VARCHAR(200) NOT NULL
);
ALTER TABLE orders ADD COLUMN customer_id BIGINT REFERENCES customers (id);
