-- A statement is read a page (100 lines) at a time. For a page to know the
-- period's totals, its own place in the period and the balance before its
-- first line without reading the period's entries, each dealer's day also
-- keeps what it debited and credited (counted entries, by the balance rule)
-- and how many lines it has (voided entries included: statements list
-- them). Kept by the appliers with `delta`; rebuilt here from the entries.
-- Keep in step with ../sqlite/0007_ledger_daily_sums.sql.

ALTER TABLE ledger_daily ADD COLUMN debit BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger_daily ADD COLUMN credit BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger_daily ADD COLUMN entries BIGINT NOT NULL DEFAULT 0;

DELETE FROM ledger_daily;

INSERT INTO ledger_daily (dealer_id, day, delta, debit, credit, entries)
SELECT dealer_id, posted_on,
       SUM(effect),
       SUM(CASE WHEN effect > 0 THEN effect ELSE 0 END),
       SUM(CASE WHEN effect < 0 THEN -effect ELSE 0 END),
       COUNT(*)
FROM (
    SELECT dealer_id, posted_on,
           CASE WHEN voided <> 0 THEN 0
                WHEN kind IN ('payment', 'compensation') THEN -amount_minor
                ELSE amount_minor END AS effect
    FROM ledger_entries
) e
GROUP BY dealer_id, posted_on;
