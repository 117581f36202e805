-- The statement page's lines and the settlement page's per-order sums,
-- from the index alone (an index-only scan where the visibility map
-- allows) instead of a heap fetch per row. Replaces `ledger_dealer_posted`.
-- Keep in step with ../sqlite/0020_ledger_dealer_cover.sql (the reasons
-- are there).

CREATE INDEX IF NOT EXISTS ledger_dealer_cover ON ledger_entries (dealer_id, posted_on, id)
    INCLUDE (kind, amount_minor, voided, order_id, order_number, description, void_reason,
             source_entry_id, currency);
DROP INDEX IF EXISTS ledger_dealer_posted;

ANALYZE ledger_entries;
