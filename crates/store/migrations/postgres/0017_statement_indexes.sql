-- A statement page reads the dealer's days (`ledger_daily`) and the sums
-- of the orders on the page (their ledger entries); these indexes carry
-- the columns it reads, so PostgreSQL can answer from the index (an
-- index-only scan where the visibility map allows) instead of a heap
-- fetch per row. `ledger_order_cover` replaces `ledger_order`.
-- Keep in step with ../sqlite/0017_statement_indexes.sql (the reasons
-- and figures are there).

CREATE INDEX IF NOT EXISTS ledger_daily_cover ON ledger_daily (dealer_id, day) INCLUDE (delta, debit, credit, entries);
CREATE INDEX IF NOT EXISTS ledger_order_cover ON ledger_entries (order_id, posted_on) INCLUDE (kind, amount_minor, voided, dealer_id);
DROP INDEX IF EXISTS ledger_order;

ANALYZE ledger_daily;
ANALYZE ledger_entries;
