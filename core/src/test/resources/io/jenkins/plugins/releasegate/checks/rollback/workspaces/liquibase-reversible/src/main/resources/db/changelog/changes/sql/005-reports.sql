-- liquibase formatted sql

-- changeset "bob smith":"reports-1"
CREATE VIEW order_counts AS SELECT status, count(*) AS orders FROM orders GROUP BY status;
-- rollback DROP VIEW order_counts;
