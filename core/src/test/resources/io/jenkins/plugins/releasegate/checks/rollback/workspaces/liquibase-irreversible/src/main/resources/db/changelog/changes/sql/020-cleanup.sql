DELETE FROM orders_archive WHERE id < 0;
