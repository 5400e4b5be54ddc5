ALTER TABLE orders DROP COLUMN placed_at;
