-- Orders 2.7.0: the order history page and the back office filter by customer and by status.
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_status_idx ON orders (status);
