-- Orders 2.8.0: customers choose a delivery slot at checkout.
ALTER TABLE orders ADD COLUMN delivery_slot TSTZRANGE;
