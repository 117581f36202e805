-- Finding an order by the beginning of its number (`/orders?q=KH-26-08`)
-- is a range over this index (`order_list.rs`), case aside: SQLite's
-- NOCASE folds ASCII letters, as the `LIKE` it replaces did. The `LIKE`
-- could not use `orders_dealer_number` (BINARY, and a bound pattern), so
-- a dealer's number search read every one of its orders: 33 pages/s for a
-- dealer with 20,000 orders on the 200,000-order plant. ANALYZE of this
-- index only (see 0006 on new indexes without statistics).
-- Keep in step with ../postgres/0019_order_number_search.sql.

CREATE INDEX IF NOT EXISTS orders_dealer_number_nocase ON orders (dealer_id, number COLLATE NOCASE);

ANALYZE orders_dealer_number_nocase;
