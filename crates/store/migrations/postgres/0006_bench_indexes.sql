-- The orders list sorted by the latest status change or by amount, a
-- keyset page at a time, like the default sort by acceptance
-- (orders_dealer_accepted). Without these, each page sorted all of the
-- dealer's orders: for a dealer with 20,000 orders in a 2,000,000-order
-- plant on SQLite about 50 ms of SQL a page and 21 pages/s under
-- bench/portal. The dashboard's latest changes use the first one too.
-- ANALYZE: on SQLite a new index has no statistics while the older ones
-- have, and the planner then took the new index for the default sort
-- (sorting all the dealer's orders: 15 pages/s instead of 973). Fresh
-- statistics for all of the table's indexes keep the choice right.
-- Keep in step with ../sqlite/0006_bench_indexes.sql.

CREATE INDEX orders_dealer_changed ON orders (dealer_id, status_at DESC, id DESC);
CREATE INDEX orders_dealer_amount ON orders (dealer_id, total_minor DESC, id DESC);

ANALYZE orders;
