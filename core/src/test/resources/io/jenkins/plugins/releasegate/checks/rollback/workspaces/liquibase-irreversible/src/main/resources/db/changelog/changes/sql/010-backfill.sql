--liquibase formatted sql

--changeset asmith:backfill-1
UPDATE orders SET status = 'CLOSED' WHERE status IS NULL;
--rollback empty

--changeset asmith:backfill-2
DELETE FROM orders WHERE status = 'CANCELLED';
