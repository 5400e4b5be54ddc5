ALTER TABLE orders DROP COLUMN delivery_slot;
