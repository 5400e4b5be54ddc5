CREATE OR REPLACE VIEW open_orders AS SELECT id, status FROM orders WHERE status = 'NEW';
