-- A statement page reads its lines, and the settlement page groups the
-- period's entries by order, through the dealer's (dealer_id, posted_on,
-- id) index. A dealer's rows lie scattered through the table (posted day
-- by day among every other dealer's), so each line cost a table lookup.
-- This index carries every column those reads take: a page is one index
-- range, read in order. It replaces `ledger_dealer_posted`, its first
-- three columns. The price is the ledger's columns stored twice.
-- Keep in step with ../postgres/0020_ledger_dealer_cover.sql.

CREATE INDEX IF NOT EXISTS ledger_dealer_cover ON ledger_entries
    (dealer_id, posted_on, id, kind, amount_minor, voided, order_id, order_number,
     description, void_reason, source_entry_id, currency);
DROP INDEX IF EXISTS ledger_dealer_posted;

ANALYZE ledger_entries;
