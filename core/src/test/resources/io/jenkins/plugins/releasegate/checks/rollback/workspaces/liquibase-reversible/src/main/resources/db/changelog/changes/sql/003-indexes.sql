--liquibase formatted sql

--changeset asmith:indexes-1
--comment: customer lookups
CREATE INDEX customers_name ON customers (name);
--rollback DROP INDEX customers_name;

--changeset asmith:indexes-2 runInTransaction:false
CREATE INDEX orders_status ON orders (status);
CREATE INDEX orders_status_placed ON orders (status, placed_at);
/* liquibase rollback
DROP INDEX orders_status;
DROP INDEX orders_status_placed;
*/
