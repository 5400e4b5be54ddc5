-- Runs outside a transaction (CREATE INDEX CONCURRENTLY), so PostgreSQL cannot roll it back and Flyway
-- records the failure in flyway_schema_history: the column does not exist.
CREATE INDEX CONCURRENTLY orders_customer ON orders (customer_id);
