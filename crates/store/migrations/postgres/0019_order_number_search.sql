-- Finding an order by the beginning of its number is a range over this
-- index (`order_list.rs`): upper case, byte order ("C"), so a bound
-- prefix can use it in a generic plan, which a `LIKE $1` cannot.
-- Keep in step with ../sqlite/0019_order_number_search.sql (the reasons
-- and figures are there).

CREATE INDEX IF NOT EXISTS orders_dealer_number_upper ON orders (dealer_id, (upper(number)) COLLATE "C");

ANALYZE orders;
