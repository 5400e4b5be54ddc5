ALTER TABLE customers ADD COLUMN email VARCHAR(320);
CREATE INDEX customers_email ON customers (email);
