DROP INDEX orders_status_idx;
DROP INDEX orders_customer_idx;
