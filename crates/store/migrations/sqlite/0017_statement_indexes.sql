-- A statement page reads the dealer's days (`ledger_daily`: the period's
-- days, and the sum of every day before it) and the sums of the orders on
-- the page (their ledger entries). Both were read through an index and
-- then a table lookup per row, and a dealer's rows lie scattered through
-- the tables (written day by day among every other dealer's). On the
-- 2,000,000-order plant B-tree seeks were a quarter of the server's CPU on
-- the statement (`perf`: sqlite3BtreeTableMoveto, pcache1Fetch), the sum
-- of a dealer's 460 earlier days took 2 ms (0.1 ms from this index), and
-- bench/portal's statement pages went from 450 / 408 / 371 to 611 / 472 /
-- 457 pages/s. These indexes hold what the statement reads, so the rows
-- come from one index range each. `ledger_order_cover` replaces `ledger_order` (its first
-- column). ANALYZE: a new index without statistics can mislead SQLite's
-- planner while the older ones have them (see 0006).
-- Keep in step with ../postgres/0017_statement_indexes.sql.

CREATE INDEX IF NOT EXISTS ledger_daily_cover ON ledger_daily (dealer_id, day, delta, debit, credit, entries);
CREATE INDEX IF NOT EXISTS ledger_order_cover ON ledger_entries (order_id, posted_on, kind, amount_minor, voided, dealer_id);
DROP INDEX IF EXISTS ledger_order;

ANALYZE ledger_daily;
ANALYZE ledger_entries;
